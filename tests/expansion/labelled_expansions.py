"""Hand-written judgements of query expansions for common photo-search words.

Written from a photo-search user's point of view, before the expander was
tuned, and never copied from its output: for each query, the terms whose
photos a person searching for the query would accept as relevant (more
specific kinds, everyday synonyms, the category it belongs to when that still
describes the photo, things nearly always in such a photo). `KNOWN_BAD` lists
senses that would put wrong photos in front of the user (dictionary senses
nobody means in a photo search); none may ever reach a query's top 5.

Each category is a dict of query -> comma-separated acceptable terms,
collected into `ACCEPTABLE` by `_add`.
"""

from __future__ import annotations

ACCEPTABLE: dict[str, frozenset[str]] = {}
KNOWN_BAD: dict[str, frozenset[str]] = {}


def _terms(text: str) -> frozenset[str]:
    return frozenset(t.strip() for t in text.split(",") if t.strip())


def judgements(*groups: dict[str, str]) -> dict[str, frozenset[str]]:
    """query -> term set, from dicts of query -> comma-separated terms (the held-out files' format)."""
    found: dict[str, frozenset[str]] = {}
    for group in groups:
        for query, terms in group.items():
            assert query not in found, f"duplicate label for {query!r}"
            found[query] = _terms(terms)
    return found


def _add(category: dict[str, str]) -> None:
    for query, acceptable in category.items():
        assert query not in ACCEPTABLE, f"duplicate label for {query!r}"
        ACCEPTABLE[query] = _terms(acceptable)


ANIMALS = {
    "dog": "puppy, canine, pet, doggy, doggie, pooch, hound, retriever, golden retriever, labrador, "
    "labrador retriever, terrier, poodle, beagle, bulldog, german shepherd, husky, dachshund, chihuahua, corgi, "
    "spaniel, collie, "
    "border collie, pug, boxer, dalmatian, sheepdog, shepherd dog, animal, mammal, domestic animal, domestic dog, "
    "hunting dog, working dog, toy dog, lapdog, puppies, dog breed, mutt, pup",
    "puppy": "pup, young dog, dog, canine, pet, doggy, puppies, whelp, baby animal, young animal",
    "cat": "kitten, kitty, feline, pet, house cat, domestic cat, tabby, tabby cat, siamese, siamese cat, persian cat, "
    "persian, maine coon, tomcat, tom, mouser, animal, mammal, domestic animal, pussycat, moggy, ginger cat, "
    "black cat, kitty cat",
    "kitten": "kitty, young cat, cat, feline, pet, kittens, baby animal, young animal, kitty cat, house cat, pussycat",
    "bird": "songbird, sparrow, robin, pigeon, dove, parrot, eagle, hawk, owl, crow, seagull, gull, duck, finch, "
    "bluejay, blue jay, hummingbird, flamingo, penguin, swan, goose, avian, fowl, animal, wildlife, birdie, "
    "bird of prey, raptor, waterfowl, passerine, starling, flock, wading bird, seabird, chick, nestling",
    "horse": "pony, foal, stallion, mare, colt, filly, equine, steed, mustang, thoroughbred, racehorse, draft horse, "
    "workhorse, animal, mammal, livestock, horseback, saddle horse, riding horse, bronco, equus caballus, "
    "arabian, arab, palomino, wild horse, mount",
    "fish": "goldfish, trout, salmon, tuna, carp, koi, shark, tropical fish, clownfish, bass, cod, aquarium fish, "
    "aquatic animal, animal, sea creature, marine life, food fish, game fish, catfish, perch, pike, minnow, "
    "aquarium, school of fish, herring, sardine, fishes",
    "cow": "cattle, calf, bull, ox, heifer, dairy cow, dairy cattle, bovine, livestock, farm animal, animal, mammal, "
    "steer, holstein, beef cattle, herd, cows, milk cow, moo-cow, oxen",
    "bear": "grizzly, grizzly bear, brown bear, black bear, polar bear, panda, giant panda, bear cub, cub, "
    "animal, mammal, wild animal, wildlife, carnivore, ice bear, kodiak bear, american black bear, bruin",
    "elephant": "calf, baby elephant, african elephant, indian elephant, asian elephant, mammoth, pachyderm, "
    "proboscidean, animal, mammal, wild animal, wildlife, tusker, herd, elephants, safari",
    "lion": "lioness, cub, lion cub, big cat, cat, feline, animal, mammal, wild animal, wildlife, predator, "
    "carnivore, king of beasts, panthera leo, safari, pride, african lion",
    "tiger": "tigress, cub, tiger cub, big cat, cat, feline, bengal tiger, siberian tiger, animal, mammal, "
    "wild animal, wildlife, predator, carnivore, white tiger",
    "monkey": "ape, chimpanzee, chimp, gorilla, baboon, macaque, orangutan, lemur, primate, capuchin, "
    "marmoset, gibbon, animal, mammal, wildlife, old world monkey, new world monkey, howler monkey, "
    "spider monkey, rhesus monkey",
    "rabbit": "bunny, hare, bunny rabbit, cottontail, jackrabbit, pet, rodent, leporid, mammal, animal, "
    "domestic rabbit, baby rabbit, lagomorph, wild rabbit, rabbits",
    "duck": "duckling, mallard, drake, waterfowl, water bird, bird, goose, swan, teal, wood duck, "
    "wild duck, domestic duck, anseriform bird, ducks, fowl, poultry, eider, muscovy duck",
    "chicken": "hen, rooster, chick, cock, poultry, fowl, bird, farm animal, bantam, pullet, cockerel, "
    "domestic fowl, chickens, barnyard, chicken coop",
    "butterfly": "moth, caterpillar, monarch, monarch butterfly, swallowtail, insect, lepidopteran, "
    "bug, cabbage butterfly, admiral, red admiral, painted lady, flower, wildlife, animal, arthropod",
    "insect": "bug, beetle, ant, bee, butterfly, moth, fly, housefly, mosquito, dragonfly, grasshopper, "
    "ladybug, ladybird, wasp, cricket, cockroach, arthropod, invertebrate, animal, termite, firefly, "
    "caterpillar, hornet, insects",
    "bee": "honeybee, honey bee, bumblebee, bumble bee, insect, hive, beehive, wasp, hornet, pollinator, "
    "drone, queen bee, worker bee, bug, arthropod, flower, honey, apis mellifera, hymenopteran",
    "snake": "serpent, cobra, python, viper, rattlesnake, boa, boa constrictor, adder, reptile, "
    "anaconda, garter snake, mamba, animal, ophidian, grass snake, king snake, coral snake",
    "turtle": "tortoise, sea turtle, terrapin, box turtle, snapping turtle, reptile, chelonian, "
    "animal, green turtle, loggerhead, leatherback, turtles, shell",
    "frog": "toad, tree frog, bullfrog, tadpole, amphibian, anuran, animal, froglet, frogs, "
    "salientian, batrachian, pond, leopard frog",
    "whale": "humpback, humpback whale, blue whale, killer whale, orca, sperm whale, dolphin, porpoise, "
    "cetacean, marine mammal, mammal, animal, baleen whale, toothed whale, sea creature, beluga, "
    "grey whale, gray whale, right whale, ocean, sea",
    "dolphin": "porpoise, bottlenose dolphin, orca, killer whale, whale, cetacean, marine mammal, "
    "mammal, animal, sea creature, ocean, sea, toothed whale, dolphins, bottlenose",
    "shark": "great white shark, white shark, hammerhead, hammerhead shark, tiger shark, whale shark, "
    "mako, mako shark, fish, predator, sea creature, animal, ocean, sea, cartilaginous fish, elasmobranch, "
    "sharks, nurse shark, blue shark, reef shark",
    "deer": "stag, doe, fawn, buck, elk, moose, reindeer, caribou, roe deer, red deer, white-tailed deer, "
    "antelope, ruminant, mammal, animal, wildlife, wild animal, cervid, hart, hind, roebuck, mule deer, "
    "wapiti, antlers",
    "pet": "dog, cat, puppy, kitten, hamster, rabbit, guinea pig, goldfish, parrot, budgie, budgerigar, "
    "canary, domestic animal, animal, house pet, lapdog, pets, companion animal, pet dog, pet cat, tortoise",
    "animal": "mammal, bird, fish, reptile, amphibian, insect, dog, cat, horse, wildlife, creature, beast, "
    "fauna, wild animal, domestic animal, pet, livestock, animals, zoo animal, farm animal, vertebrate, "
    "invertebrate, organism, animate being, brute",
    "wildlife": "wild animal, animal, deer, fox, bird, bear, wolf, lion, elephant, fauna, nature, safari, "
    "game, beast, creature, wild animals, zebra, giraffe",
    "owl": "barn owl, snowy owl, horned owl, great horned owl, tawny owl, screech owl, owlet, bird of prey, "
    "raptor, bird, night bird, animal, hooter, eagle owl, little owl, strigiform bird",
    "eagle": "bald eagle, golden eagle, hawk, falcon, bird of prey, raptor, bird, osprey, vulture, kite, "
    "harrier, buzzard, animal, sea eagle, harpy eagle, eaglet, bird of jove",
    "penguin": "emperor penguin, king penguin, adelie, adelie penguin, rockhopper, jackass penguin, "
    "bird, seabird, sea bird, flightless bird, animal, antarctica, penguins, ice, colony",
    "sheep": "lamb, ram, ewe, flock, wool, livestock, farm animal, mammal, animal, ruminant, bovid, "
    "mouflon, bighorn, merino, domestic sheep, mutton, herd, sheep flock",
}
_add(ANIMALS)

KNOWN_BAD.update({
    "dog": _terms("frump, cad, bounder, blackguard, heel, hotdog, hot dog, frank, frankfurter, wiener, "
                  "weenie, pawl, detent, click, andiron, firedog, dog-iron, dog iron, sausage, chase, tail, track"),
    "cat": _terms("guy, hombre, bozo, cat-o'-nine-tails, caterpillar, ct, computerized tomography, "
                  "computed tomography, kat, khat, qat, quat, arabian tea, african tea, big cat, vomit"),
    "horse": _terms("gymnastic horse, pommel horse, sawhorse, trestle, buck, knight, heroin, h, hell dust, "
                    "nose drops, smack, thunder, skag, scag, sawbuck"),
    "bear": _terms("investor, speculator, bear market"),
    "duck": _terms("duck's egg, zero, nil, nothing, naught, cipher, goose egg, canvas, duckbill, "
                   "duck down, dodge, elude"),
    "bird": _terms("dame, doll, wench, skirt, razz, raspberry, hiss, boo, shuttlecock, shuttle"),
    "chicken": _terms("wimp, crybaby, poltroon, craven, recreant, chickenhearted"),
    "monkey": _terms("imp, scamp, rascal, rapscallion, scalawag, scallywag, varlet, monkey wrench"),
    "snake": _terms("snake in the grass, mother fucker, motherfucker, snake river, plumber's snake, auger, "
                    "serpens"),
    "fish": _terms("pisces, pisces the fishes, angle"),
    "cow": _terms("overawe, hag"),
    "pet": _terms("darling, favorite, favourite, dearie, deary, ducky, positron emission tomography, pout, "
                  "sulk, sulkiness, petting, fondling, caressing"),
    "bee": _terms("spelling bee, spelldown, spelling contest, quilting bee"),
    "frog": _terms("frenchman, frenchie, gaul, toad frog, frog kick"),
    "shark": _terms("cheat, chiseler, chiseller, swindler, grifter, gouger, loan shark, shylock, usurer, "
                    "sharpie, sharper, card shark"),
    "whale": _terms("giant, hulk, heavyweight, colossus, behemoth"),
    "eagle": _terms("lectern, two under par"),
})

PEOPLE = {
    "person": "people, man, woman, child, human, individual, adult, boy, girl, someone, portrait, human being, "
    "face, crowd, figure, pedestrian, guy, lady, kid, teenager, persons, humans, somebody, mortal, soul",
    "people": "person, persons, crowd, group, men, women, children, family, friends, humans, human beings, "
    "folks, couple, audience, group of people, man, woman, public, population, community",
    "man": "gentleman, guy, male, adult male, men, person, boyfriend, husband, father, dad, businessman, "
    "old man, young man, bloke, fellow, chap, gent, male person, human, portrait, beard",
    "woman": "lady, female, adult female, women, girl, person, girlfriend, wife, mother, mom, "
    "businesswoman, old woman, young woman, gal, female person, human, portrait",
    "child": "kid, boy, girl, baby, toddler, children, kids, youngster, infant, schoolchild, son, daughter, "
    "person, minor, juvenile, tot, little girl, little boy, preschooler, schoolboy, schoolgirl, young person",
    "baby": "infant, newborn, toddler, babe, child, babies, tot, kid, neonate, baby boy, baby girl, "
    "person, bambino, little one, nursling, suckling",
    "boy": "young boy, little boy, son, schoolboy, lad, kid, child, male child, youngster, teenager, "
    "teen, youth, boys, male, person, young man, toddler",
    "girl": "young girl, little girl, daughter, schoolgirl, lass, kid, child, female child, youngster, "
    "teenager, teen, girls, female, person, young woman, maiden, toddler",
    "family": "parents, children, mother, father, kids, siblings, relatives, household, family members, "
    "people, group, parent, son, daughter, brother, sister, grandparents, family portrait, home",
    "couple": "pair, lovers, partners, husband and wife, boyfriend and girlfriend, newlyweds, twosome, "
    "duo, romantic couple, married couple, people, two people, wedding, bride, groom, sweethearts",
    "crowd": "people, throng, mass, horde, multitude, audience, spectators, group, crush, mob, "
    "crowds, gathering, festival, concert, demonstration, protest, pack",
    "friends": "friend, companions, buddies, pals, group, people, mates, classmates, friendship, "
    "group of friends, gang, crowd, teammates",
    "student": "pupil, schoolchild, schoolboy, schoolgirl, scholar, classmate, undergraduate, "
    "college student, university student, learner, class, classroom, school, person, graduate, "
    "high school student, students",
    "teacher": "instructor, educator, schoolteacher, professor, tutor, lecturer, coach, school, "
    "classroom, person, teachers, school teacher, schoolmaster, schoolmistress, mentor",
    "doctor": "physician, surgeon, medic, nurse, medical doctor, general practitioner, gp, doc, "
    "hospital, clinic, health professional, person, pediatrician, dentist, medical practitioner, md",
    "soldier": "troops, army, military, serviceman, infantryman, marine, officer, sailor, trooper, "
    "fighter, warrior, person, soldiers, private, sergeant, military personnel, uniform, enlisted man",
    "police": "police officer, policeman, policewoman, cop, officer, patrolman, constable, "
    "police car, law enforcement, police force, sheriff, trooper, detective, policemen, squad car, constabulary",
    "athlete": "sportsman, sportswoman, player, runner, jock, olympian, football player, "
    "basketball player, tennis player, swimmer, cyclist, gymnast, sport, person, athletes, competitor",
    "musician": "guitarist, pianist, drummer, violinist, singer, band, orchestra, player, "
    "instrumentalist, composer, performer, artist, musicians, concert, rock band, bassist, person",
    "chef": "cook, head chef, kitchen, restaurant, baker, sous chef, culinary, cooking, food, "
    "person, pastry chef, caterer, chefs",
    "farmer": "rancher, grower, agriculturist, farmhand, farm worker, tractor, farm, field, "
    "person, peasant, cowboy, herdsman, shepherd, farmers, husbandman",
    "bride": "groom, bridegroom, wedding, wedding dress, bridal gown, bridesmaid, newlywed, wife, "
    "woman, marriage, wedding ceremony, veil, bouquet, brides",
    "grandmother": "grandma, granny, nana, gran, grandparent, old woman, elderly woman, senior, "
    "grandfather, grandpa, grandparents, grandmothers, person, woman, elderly",
    "teenager": "teen, adolescent, youth, young person, youngster, boy, girl, student, teens, "
    "teenagers, young people, person, juvenile, kid",
    "selfie": "self-portrait, self portrait, portrait, photo, snapshot, face, smiling, smartphone, "
    "phone, person, selfies, mirror selfie, group selfie, selfie stick",
    "portrait": "face, headshot, person, close-up, closeup, self-portrait, selfie, picture, "
    "people, man, woman, mugshot, head shot, portrait photography, profile",
    "face": "portrait, person, human face, visage, countenance, smile, eyes, close-up, headshot, "
    "faces, facial expression, head, features, expression",
    "worker": "employee, laborer, labourer, workman, staff, construction worker, factory worker, "
    "builder, craftsman, tradesman, person, working, workers, workforce, office worker",
    "audience": "crowd, spectators, viewers, onlookers, fans, listeners, people, theater, theatre, "
    "concert, stadium, audiences, public, gathering",
}
_add(PEOPLE)

KNOWN_BAD.update({
    "person": _terms("grammatical person, personality, ego, self"),
    "man": _terms("piece, chessman, military man, serviceman, valet, gentleman's gentleman, isle of man, "
                  "homo, mankind, humanity, humankind, human race"),
    "woman": _terms("charwoman, char, cleaning woman, cleaning lady, womanhood, muliebrity"),
    "child": _terms("product, intellectual product, fry, nestling, shaver, tiddler, tike"),
    "baby": _terms("sister, sis, baby buggy, pamper, coddle, mollycoddle, featherbed, cosset"),
    "crowd": _terms("push, herd, crew, gang, bunch"),
    "family": _terms("family line, folk, kinfolk, kinsfolk, sept, phratry, class, category, "
                     "syndicate, crime syndicate, mob, fellowship, taxonomic group"),
    "couple": _terms("match, mates, couplet, brace, span, yoke, distich, duet, dyad, duad, coupler, "
                     "coupling, pair off, partner off, copulate, mate"),
    "police": _terms("law"),
    "soldier": _terms("soldier ant, soldier on"),
    "face": _terms("side, font, fount, typeface, case, aspect, boldness, nerve, brass, cheek, grimace, present, "
                   "confront, front"),
    "worker": _terms("proletarian, prole, actor, doer, worker bee"),
    "audience": _terms("hearing, interview"),
})

PLACES = {
    "beach": "seashore, seaside, shore, coast, coastline, sand, sandy beach, ocean, sea, waves, surf, "
    "bay, shoreline, sunbathing, palm tree, tropical beach, lagoon, strand, beaches, dunes, sand dune, "
    "beach umbrella, seaside resort, water, summer",
    "outdoor": "outdoors, outside, nature, open air, landscape, park, garden, field, countryside, "
    "forest, mountain, beach, sky, street, backyard, hiking, camping, scenery, open-air, alfresco, "
    "exterior, wilderness, trees",
    "indoor": "indoors, inside, interior, room, living room, kitchen, bedroom, office, home, house, "
    "building, hall, studio, inner, in-house, domestic, furniture",
    "city": "town, urban, downtown, skyline, cityscape, street, buildings, skyscraper, metropolis, "
    "municipality, urban area, city centre, city center, capital, avenue, traffic, cities, megalopolis",
    "mountain": "mountains, peak, hill, summit, mount, mountain range, range, alps, ridge, cliff, "
    "volcano, snowy peak, landscape, hiking, valley, highland, mountainside, rocky mountain, massif",
    "forest": "woods, woodland, trees, jungle, rainforest, rain forest, grove, timberland, wood, "
    "pine forest, nature, trail, thicket, wilderness, forest path, tree, timber, copse",
    "park": "garden, playground, green, lawn, trees, public park, city park, national park, "
    "picnic, bench, grass, recreation area, parkland, common, meadow, botanical garden",
    "lake": "pond, pool, reservoir, loch, lagoon, water, lakeside, lakeshore, mountain lake, "
    "river, shore, body of water, lakes, tarn",
    "river": "stream, creek, brook, waterway, rapids, riverbank, river bank, waterfall, water, "
    "canal, tributary, estuary, rivers, watercourse, valley, bridge",
    "ocean": "sea, seascape, waves, water, surf, beach, coast, open sea, high sea, deep sea, "
    "atlantic, pacific, ocean waves, marine, seawater, main, briny, oceans",
    "sea": "ocean, seascape, waves, water, surf, coast, beach, bay, open sea, seawater, marine, "
    "seaside, shore, high sea, main, seas, gulf",
    "street": "road, avenue, boulevard, lane, alley, sidewalk, pavement, crosswalk, city, "
    "town, traffic, urban, downtown, main street, thoroughfare, streets, roadway, highway",
    "road": "street, highway, freeway, motorway, route, path, lane, avenue, roadway, dirt road, "
    "country road, asphalt, traffic, thoroughfare, expressway, roads, drive, track",
    "house": "home, dwelling, residence, building, cottage, bungalow, villa, mansion, cabin, "
    "farmhouse, townhouse, apartment, housing, abode, domicile, family home, houses, homestead, "
    "chalet, duplex, ranch house",
    "building": "edifice, structure, skyscraper, tower, house, office building, architecture, "
    "apartment building, block, construction, facade, church, buildings, high-rise, tower block",
    "church": "cathedral, chapel, basilica, abbey, temple, mosque, synagogue, place of worship, "
    "house of worship, church building, steeple, spire, parish church, religious building, "
    "monastery, minster, churches",
    "kitchen": "cookhouse, galley, kitchenette, cooking, stove, oven, cooker, sink, fridge, "
    "refrigerator, countertop, cupboard, room, home, chef, pantry, kitchens, cabinets",
    "bedroom": "bed, sleeping room, chamber, bedchamber, room, master bedroom, guest room, "
    "nursery, dormitory, pillow, interior, home, bedrooms, bunk bed",
    "garden": "flower garden, vegetable garden, backyard, yard, lawn, flowers, plants, park, "
    "flowerbed, flower bed, greenhouse, patio, botanical garden, gardening, orchard, allotment, "
    "gardens, courtyard, garden path, hedge",
    "desert": "sand, dunes, sand dune, sahara, arid, cactus, wasteland, badlands, dry land, "
    "oasis, camel, barren, deserts, landscape, outback",
    "island": "isle, islet, tropical island, atoll, archipelago, beach, coast, ocean, sea, "
    "lagoon, key, cay, islands, palm tree, shore",
    "bridge": "span, suspension bridge, footbridge, viaduct, overpass, river, arch bridge, "
    "drawbridge, covered bridge, pontoon, crossing, bridges, aqueduct, pedestrian bridge",
    "farm": "farmhouse, barn, ranch, field, farmland, countryside, tractor, crops, livestock, "
    "cattle, cows, pasture, orchard, vineyard, agriculture, homestead, farmyard, farms, rural, "
    "stable, farmer",
    "school": "classroom, schoolhouse, students, pupils, teacher, college, university, campus, "
    "kindergarten, high school, primary school, elementary school, academy, schools, "
    "school building, playground, lecture hall, class",
    "restaurant": "cafe, diner, bistro, eatery, cafeteria, dining room, table, pizzeria, "
    "food, dinner, meal, brasserie, pub, bar, canteen, restaurants, eating house, eating place, "
    "chef, waiter",
    "airport": "terminal, airfield, runway, airplane, aircraft, plane, jet, airliner, aerodrome, "
    "hangar, departure lounge, control tower, airstrip, flight, airports, gate",
    "stadium": "arena, sports stadium, football stadium, ballpark, bowl, stands, grandstand, "
    "field, pitch, crowd, spectators, sports arena, coliseum, stadiums, track",
    "village": "hamlet, town, small town, countryside, rural, cottages, settlement, village green, "
    "houses, community, villages, township",
    "skyline": "cityscape, city, skyscrapers, skyscraper, downtown, urban, buildings, horizon, "
    "panorama, city skyline, towers, view, night city",
    "landscape": "scenery, countryside, view, vista, panorama, scene, nature, hills, mountains, "
    "field, valley, terrain, landscapes, outdoors, horizon, meadow, rural",
    "countryside": "rural, farmland, fields, farm, village, landscape, country, hills, meadow, "
    "pasture, rural area, scenery, nature, outdoors, cottage",
    "waterfall": "falls, cascade, cataract, river, stream, rapids, water, rock, cliff, "
    "waterfalls, torrent, gorge, nature",
    "night": "nighttime, night time, evening, dark, darkness, night sky, moon, moonlight, stars, "
    "starry sky, midnight, dusk, city lights, nightlife, lights, nights, after dark, night scene",
    "sky": "clouds, cloud, blue sky, heavens, atmosphere, air, horizon, sunset, sunrise, "
    "cloudscape, night sky, skies, firmament, sun, welkin",
    "sunset": "sundown, dusk, twilight, evening, sunrise, sun, golden hour, afterglow, "
    "nightfall, evening sky, sunsets, horizon, red sky, sky, gloaming, eventide",
    "sunrise": "dawn, daybreak, sunup, morning, sunset, sun, first light, cockcrow, "
    "dayspring, aurora, early morning, sky, horizon, golden hour, sunrises",
}
_add(PLACES)

KNOWN_BAD.update({
    "beach": _terms("beach wagon, station wagon, estate car, ground, land"),
    "city": _terms("urban center"),
    "mountain": _terms("heap, pile, deal, flock, great deal, hatful, lot, mass, mess, mint, "
                       "muckle, peck, pot, raft, sight, slew, spate, stack, tidy sum, wad"),
    "park": _terms("parking lot, car parking area, commons, ballpark, mungo "
                   "parking brake"),
    "house": _terms("firm, business firm, household, menage, theater, theatre, playhouse, family, "
                    "sign of the zodiac, planetary house, house of representatives, legislature, "
                    "audience, sept"),
    "church": _terms("christian church, church service, religion, faith"),
    "kitchen": _terms("cuisine"),
    "bridge": _terms("bridge deck, nosepiece, bridgework, contract, auction bridge, "
                     "bridge circuit"),
    "school": _terms("schooltime, school day, shoal, schooling, civilise, educate"),
    "night": _terms("nox, nyx, night-time"),
    "street": _terms("street smarts, streetwise, street sense"),
    "sky": _terms("flip, toss, throw, chuck, pitch, lob"),
    "island": _terms("traffic island, safety island"),
})

NATURE = {
    "snow": "snowfall, snowflake, snowflakes, snowstorm, blizzard, winter, snowy, ice, frost, "
    "snowdrift, snowman, snowfield, powder, sleet, snow-covered, snowy landscape, flurry, cold, "
    "snow cover, snowbank",
    "rain": "rainfall, raindrops, raindrop, rainy, shower, downpour, drizzle, rainstorm, storm, "
    "umbrella, wet, puddle, precipitation, rainy day, thunderstorm, monsoon, rainwater, cloudburst",
    "storm": "thunderstorm, lightning, tempest, rainstorm, hurricane, tornado, cyclone, typhoon, "
    "blizzard, snowstorm, gale, dark clouds, storm clouds, stormy, thunder, squall, windstorm, "
    "rain, hailstorm, weather",
    "cloud": "clouds, cloudy, overcast, sky, cumulus, cirrus, stratus, storm cloud, rain cloud, "
    "fog, mist, haze, cloudscape, thundercloud, nimbus, cumulonimbus",
    "fog": "mist, haze, smog, foggy, misty, fogginess, cloud, murk, brume, low cloud, fogbank, "
    "gloom, morning mist",
    "sun": "sunshine, sunlight, sunny, sunset, sunrise, sunbeam, daylight, sky, solar, star, "
    "sunray, summer, heat, rays",
    "winter": "snow, wintertime, cold, ice, frost, snowy, winter landscape, december, january, "
    "christmas, skiing, snowman, frozen, winters, wintry",
    "summer": "summertime, sunshine, sunny, beach, heat, holiday, vacation, july, august, "
    "summer day, swimming, sun, summers, warm",
    "autumn": "fall, fall foliage, autumn leaves, leaves, foliage, october, september, november, "
    "harvest, pumpkin, autumnal, autumn colours, autumn colors, fall season, fallen leaves",
    "spring": "springtime, blossom, blossoms, flowers, bloom, cherry blossom, spring flowers, "
    "april, may, march, tulips, green, easter",
    "tree": "trees, oak, pine, maple, birch, palm, palm tree, willow, elm, fir, spruce, cedar, "
    "woods, forest, trunk, branches, leaves, evergreen, conifer, deciduous tree, sapling, oak tree, "
    "pine tree, shade tree, wood, redwood, sequoia, beech",
    "flower": "flowers, blossom, bloom, rose, tulip, daisy, sunflower, lily, orchid, bouquet, "
    "petals, floral, wildflower, blooms, plant, flowering plant, posy, garden, poppy, lotus, "
    "violet, iris, daffodil, peony",
    "rose": "roses, red rose, flower, bloom, blossom, rosebud, rose bush, rosebush, bouquet, "
    "petals, floral, garden, shrub, wild rose, climbing rose, tea rose",
    "grass": "lawn, meadow, turf, grassland, field, pasture, sod, green, weeds, hay, reed, "
    "bamboo, grasses, prairie, savanna, greensward",
    "leaf": "leaves, foliage, autumn leaves, green leaf, frond, leafage, plant, tree, "
    "maple leaf, oak leaf, needle, blade, fallen leaves, petiole",
    "plant": "plants, flower, houseplant, potted plant, shrub, bush, herb, tree, vegetation, "
    "greenery, flora, succulent, cactus, fern, vine, seedling, sprout, foliage, leaves",
    "rock": "stone, boulder, pebble, rocks, cliff, crag, outcrop, granite, limestone, "
    "sandstone, basalt, rubble, stones, cobblestone, mineral, geology",
    "fire": "flame, flames, blaze, campfire, bonfire, wildfire, fireplace, burning, smoke, "
    "inferno, conflagration, embers, fires, forest fire, firelight, hearth",
    "ice": "frozen, frost, icicle, glacier, iceberg, snow, ice cube, ice sheet, icy, "
    "frozen lake, ice floe, hail, rime, winter, sleet, cold",
    "volcano": "eruption, lava, magma, crater, volcanic, mountain, volcanic eruption, ash, "
    "smoke, peak, volcanoes, caldera, lava flow",
    "moon": "full moon, crescent moon, crescent, half moon, new moon, moonlight, lunar, moonrise, "
    "night sky, night, satellite, moons, sky, stars, luna",
    "star": "stars, starry sky, night sky, constellation, galaxy, milky way, celestial body, "
    "sun, starlight, astronomy, universe, space, heavens, shooting star, nebula, planet",
    "rainbow": "arc, rain, sky, colors, colours, spectrum, double rainbow, prism, rainbows, "
    "storm, clouds, sunshine",
    "lightning": "thunderbolt, lightning bolt, bolt, thunderstorm, storm, thunder, flash, "
    "electrical storm, fork lightning, sheet lightning, strike, storm clouds",
    "wave": "waves, surf, breaker, swell, ocean, sea, beach, tide, roller, billow, "
    "whitecap, ripple, surfing, tidal wave, tsunami, water",
}
_add(NATURE)

KNOWN_BAD.update({
    "snow": _terms("coke, blow, nose candy, c, cocaine, cocain, bamboozle, hoodwink, lead on, snow job"),
    "storm": _terms("ramp, rage, surge, force, assail, attack, barge, ramble"),
    "cloud": _terms("swarm, mottle, obscure, becloud, befog, dapple, taint"),
    "sun": _terms("sunday, lord's day, dominicus, sol, insolate, solarise, sun-drenched"),
    "spring": _terms("fountain, outflow, outpouring, natural spring, leaping, give, springiness, "
                     "bounce, bound, jump, leap, saltation, coil, coiled spring, elastic device, "
                     "spring up, originate, rise, bound, resilience"),
    "tree": _terms("tree diagram, corner, steer, shoetree, sir herbert beerbohm tree"),
    "flower": _terms("prime, peak, heyday, efflorescence, flush, flowering, bloom out"),
    "rose": _terms("rosiness, rose wine, rose-colored, rise, arise, lift, get up, climb"),
    "grass": _terms("pot, green goddess, dope, weed, gage, sess, sens, smoke, skunk, locoweed, "
                    "mary jane, marijuana, ganja, supergrass, grass over, denounce, betray, shit, spliff"),
    "leaf": _terms("folio, page, foliation, flick, riffle, thumb, flip"),
    "plant": _terms("works, industrial plant, factory, manufactory, mill, plant life, implant, "
                    "engraft, imbed, embed, institute, found, constitute, establish, set, "
                    "power plant, power station"),
    "rock": _terms("rock 'n' roll, rock and roll, rock'n'roll, rock-and-roll, rock music, "
                   "rock n roll, sway, shake, careen, tilt, rock candy, rocker"),
    "fire": _terms("firing, discharge, fervor, fervour, fervency, fervidness, ardor, ardour, "
                   "attack, flak, flack, blast, open fire, give notice, can, dismiss, sack, send away, "
                   "terminate, arouse, elicit, enkindle, kindle, evoke, provoke, raise"),
    "ice": _terms("ice rink, ice-skating rink, trash ice, frappe, water ice, sherbet, sorbet, "
                  "methamphetamine, meth, glass, crank, chalk, internal-combustion engine"),
    "star": _terms("ace, adept, champion, sensation, maven, mavin, virtuoso, genius, hotshot, "
                   "superstar, whiz, whizz, wizard, wiz, headliner, principal, lead, asterisk, "
                   "star topology, starring"),
    "wave": _terms("undulation, wafture, waving, moving ridge, wave form, waveform, movement, "
                   "motion, brandish, flourish, roll, beckon, curl, sign"),
})

EVENTS = {
    "wedding": "marriage, wedding ceremony, nuptials, bride, groom, bridegroom, wedding dress, "
    "wedding cake, reception, wedding reception, newlyweds, marriage ceremony, church wedding, "
    "bridesmaid, wedding party, weddings, wedding ring, ceremony, celebration, couple",
    "party": "celebration, festivity, birthday party, gathering, get-together, fiesta, "
    "dinner party, cocktail party, dance, disco, balloons, confetti, party hat, parties, "
    "social gathering, bash, shindig, soiree, people dancing, friends",
    "birthday": "birthday party, birthday cake, cake, candles, balloons, party, celebration, "
    "presents, gifts, anniversary, party hat, birthday candles, birthdays, happy birthday",
    "concert": "gig, show, performance, live music, band, orchestra, musician, stage, "
    "audience, crowd, rock concert, recital, music festival, festival, singer, concerts, "
    "symphony, musical performance, stage lights",
    "festival": "fair, carnival, fiesta, celebration, parade, music festival, feast, fete, "
    "gala, festivity, fireworks, crowd, concert, festivals, jamboree",
    "christmas": "christmas tree, xmas, santa, santa claus, holiday, yule, yuletide, noel, "
    "christmas lights, ornaments, presents, gifts, decorations, december, snow, winter, "
    "christmas eve, christmas day, nativity, wreath, reindeer",
    "graduation": "commencement, graduation ceremony, graduate, cap and gown, mortarboard, "
    "diploma, degree, university, college, school, ceremony, celebration, student, students, "
    "convocation, graduations, gown",
    "sport": "sports, game, athletics, football, soccer, basketball, tennis, baseball, "
    "running, swimming, athlete, match, competition, exercise, stadium, team, ball, "
    "racing, cycling, golf, hockey, volleyball",
    "football": "soccer, ball, soccer ball, football game, football match, american football, "
    "goal, stadium, pitch, field, player, team, sport, game, rugby, kick, footballer, "
    "soccer player, football player, football field, gridiron",
    "soccer": "football, association football, soccer ball, ball, goal, pitch, field, player, "
    "team, soccer player, footballer, match, game, sport, stadium, soccer game, soccer match",
    "basketball": "hoop, basket, court, basketball court, ball, player, basketball player, "
    "slam dunk, dunk, team, game, sport, nba, basketball game, hoops",
    "running": "run, runner, jogging, jog, jogger, sprint, sprinting, race, marathon, "
    "track, athletics, footrace, exercise, sport, athlete, running shoes, trail running, dash",
    "swimming": "swim, swimmer, pool, swimming pool, diving, bathing, dive, water, beach, "
    "lake, sea, ocean, breaststroke, backstroke, freestyle, sport, swimsuit, snorkeling, "
    "paddling, water sports",
    "hiking": "hike, hiker, trekking, trek, walking, walk, trail, mountain, backpacking, "
    "backpack, mountains, outdoors, nature, forest, footpath, path, camping, climbing, rambling, "
    "mountaineering, hill walking, wandering",
    "camping": "camp, campsite, tent, campfire, camper, outdoors, caravan, rv, hiking, "
    "forest, sleeping bag, backpacking, camping trip, bivouac, encampment, camping ground, "
    "campground, nature, trailer",
    "cooking": "cook, chef, kitchen, baking, bake, food, meal, stove, oven, pan, frying, fry, "
    "boiling, grilling, grill, barbecue, roasting, recipe, cuisine, preparation, cookery, "
    "food preparation",
    "dancing": "dance, dancer, ballet, ballroom, ballroom dancing, dance floor, party, "
    "disco, salsa, tango, waltz, hip hop, choreography, dancers, performance, moves, club",
    "travel": "trip, journey, vacation, holiday, tourism, tourist, traveler, traveller, "
    "sightseeing, voyage, tour, luggage, suitcase, airport, airplane, road trip, backpacking, "
    "adventure, destination, excursion, travelling, traveling",
    "vacation": "holiday, holidays, trip, travel, beach, resort, summer, getaway, tourism, "
    "tourist, cruise, vacations, leisure, honeymoon, break, sightseeing, hotel, pool",
    "picnic": "picnic basket, picnic blanket, blanket, park, outdoor meal, lunch, food, "
    "sandwiches, outdoors, grass, meadow, cookout, barbecue, family, picnics, meal, basket",
    "parade": "march, procession, marching band, carnival, festival, float, floats, "
    "street, crowd, cavalcade, pageant, celebration, parades, military parade, cortege",
    "protest": "demonstration, rally, march, protesters, demonstrators, crowd, placard, "
    "placards, sign, signs, banner, strike, picket, riot, protests, activism, sit-in",
    "fireworks": "firework, pyrotechnics, display, fireworks display, sparkler, rocket, "
    "new year, new year's eve, celebration, night sky, explosion, sparks, festival, july fourth",
    "surfing": "surf, surfer, surfboard, waves, wave, beach, ocean, sea, board, "
    "surfboarding, water sports, boarding, bodyboarding, windsurfing, kitesurfing",
    "skiing": "ski, skier, skis, slope, ski slope, snow, mountain, ski resort, downhill, "
    "snowboarding, snowboard, winter sport, winter, cross-country skiing, piste, lift, ski lift",
}
_add(EVENTS)

KNOWN_BAD.update({
    "party": _terms("political company, political organization, faction, "
                    "caller, company"),
    "concert": _terms("concerted, reconcile, conciliate"),
    "sport": _terms("mutant, mutation, variation, sportsman, play, frolic, lark, romp, "
                    "gambol, caper, rollick, feature, boast, wear, turn, disport"),
    "running": _terms("running play, running game, operation, functioning, performance, campaign"),
    "cooking": _terms("falsify, fudge, manipulate, fake, wangle, misrepresent, cook up, ready, "
                      "prepare, make"),
    "travel": _terms("change of location, locomotion, jaunt, move, go, locomote"),
    "protest": _terms("objection, dissent, resist, dissent, protestation"),
    "parade": _terms("exhibit, display, promenade, troop, raft, pile, mountain, spate, stack"),
})

OBJECTS = {
    "car": "automobile, auto, motorcar, vehicle, sedan, coupe, hatchback, convertible, suv, "
    "sports car, race car, racing car, taxi, cab, jeep, limousine, minivan, station wagon, "
    "motor vehicle, cars, wagon, roadster, hot rod, compact car, electric car, pickup, pickup truck",
    "truck": "lorry, pickup, pickup truck, van, semi, trailer truck, tractor trailer, dump truck, "
    "fire truck, fire engine, tow truck, delivery truck, vehicle, motor vehicle, trucks, "
    "camion, tanker, garbage truck, lorries, big rig",
    "bicycle": "bike, cycle, mountain bike, road bike, tandem, tricycle, bmx, racing bike, "
    "cycling, cyclist, bicycles, velocipede, two-wheeler, push-bike, push bike, wheel, vehicle, "
    "safety bicycle, motorbike",
    "motorcycle": "motorbike, bike, scooter, moped, dirt bike, chopper, minibike, motor scooter, "
    "vehicle, motorcycles, rider, biker, motorcyclist, sidecar, harley",
    "boat": "ship, sailboat, yacht, canoe, kayak, rowboat, rowing boat, motorboat, speedboat, "
    "ferry, fishing boat, vessel, dinghy, raft, gondola, catamaran, barge, tugboat, lifeboat, "
    "boats, watercraft, sailing, harbor, harbour",
    "ship": "boat, vessel, cruise ship, liner, ocean liner, freighter, cargo ship, tanker, "
    "warship, battleship, sailing ship, steamer, steamship, ferry, yacht, ships, watercraft, "
    "galleon, frigate, schooner, harbor, harbour",
    "airplane": "plane, aeroplane, aircraft, jet, airliner, jetliner, jumbo jet, biplane, "
    "propeller plane, seaplane, fighter jet, fighter, glider, airport, flight, airplanes, "
    "aviation, heavier-than-air craft, jet plane",
    "train": "railway, railroad, locomotive, steam locomotive, steam train, subway, metro, tram, "
    "streetcar, carriage, railcar, freight train, passenger train, high-speed train, bullet train, "
    "railway station, station, track, rail, trains, railroad train, express, commuter train",
    "bus": "coach, double-decker, double decker, minibus, school bus, autobus, omnibus, "
    "trolleybus, charabanc, bus stop, vehicle, public transport, buses, passenger vehicle, "
    "motorcoach, shuttle",
    "phone": "telephone, smartphone, cellphone, cell phone, mobile phone, mobile, iphone, "
    "handset, cellular phone, landline, phones, telephone set, payphone, screen, call",
    "computer": "laptop, pc, desktop, desktop computer, notebook, computer screen, monitor, "
    "keyboard, mouse, workstation, personal computer, tablet, server, computers, machine, "
    "data processor, electronic computer, computing device, macbook, office",
    "book": "books, novel, textbook, paperback, hardcover, volume, library, bookshelf, "
    "reading, pages, tome, notebook, diary, magazine, publication, ebook, literature, manuscript",
    "chair": "seat, armchair, stool, bench, sofa, couch, rocking chair, office chair, "
    "folding chair, deck chair, highchair, furniture, chairs, recliner, throne, wheelchair",
    "table": "desk, dining table, coffee table, kitchen table, counter, workbench, bench, "
    "furniture, tabletop, table top, picnic table, side table, tables, dinner table, "
    "round table, console table",
    "guitar": "acoustic guitar, electric guitar, bass guitar, bass, ukulele, banjo, "
    "mandolin, instrument, musical instrument, stringed instrument, guitarist, strings, "
    "guitars, classical guitar, lute, fretboard",
    "camera": "photographic camera, digital camera, dslr, film camera, video camera, camcorder, "
    "lens, tripod, photographer, photography, cameras, webcam, polaroid, slr, mirrorless camera, "
    "cine camera, movie camera, equipment",
    "clock": "watch, wristwatch, alarm clock, wall clock, clock tower, timepiece, timer, "
    "hourglass, grandfather clock, sundial, chronometer, clocks, dial, clock face, cuckoo clock, "
    "pendulum clock",
    "ball": "football, soccer ball, basketball, tennis ball, baseball, golf ball, volleyball, "
    "beach ball, sphere, globe, orb, balls, rugby ball, bowling ball, cricket ball, ping-pong ball, "
    "game equipment, toy, playing field",
    "toy": "toys, teddy bear, teddy, doll, lego, blocks, plaything, puzzle, action figure, "
    "toy car, stuffed animal, plush toy, soft toy, game, ball, kite, yo-yo, rattle, playroom, "
    "child, kids, dollhouse",
    "umbrella": "parasol, sunshade, brolly, beach umbrella, rain, canopy, umbrellas, "
    "rain umbrella, golf umbrella, shade",
    "hat": "cap, baseball cap, beanie, fedora, sun hat, straw hat, bonnet, cowboy hat, "
    "top hat, helmet, beret, headwear, headgear, headdress, hats, sombrero, bowler, trilby, "
    "woolly hat, panama",
    "shoe": "shoes, sneaker, sneakers, boot, boots, sandal, sandals, high heels, heel, loafer, "
    "trainer, trainers, footwear, slipper, slippers, pumps, oxford, running shoe, clog, moccasin",
    "dress": "gown, frock, wedding dress, evening dress, evening gown, sundress, skirt, "
    "ball gown, cocktail dress, clothing, clothes, outfit, attire, costume, dresses, "
    "garment, maxi dress, party dress",
    "bag": "handbag, purse, backpack, rucksack, tote, tote bag, suitcase, luggage, satchel, "
    "shopping bag, paper bag, plastic bag, sack, briefcase, duffel bag, clutch, pouch, bags, "
    "shoulder bag, carrier bag, knapsack, container",
    "flag": "flags, banner, national flag, ensign, pennant, standard, streamer, colours, "
    "colors, bunting, jack, union jack, stars and stripes, flagpole, emblem",
    "tent": "campsite, camping, camp, canvas tent, marquee, pavilion, tepee, teepee, "
    "wigwam, yurt, shelter, tents, awning, canopy, dome tent, bell tent",
    "kite": "kites, kite flying, paper kite, toy, sky, wind, string, beach, stunt kite, "
    "box kite, kitesurfing, kiteboarding",
    "lamp": "light, lantern, light bulb, bulb, table lamp, desk lamp, floor lamp, lampshade, "
    "chandelier, torch, flashlight, candle, oil lamp, street lamp, streetlight, lamps, lighting, "
    "night light, lamppost",
    "bottle": "bottles, flask, jar, wine bottle, water bottle, beer bottle, milk bottle, "
    "carafe, decanter, jug, vial, container, glass bottle, plastic bottle, vessel, flagon, "
    "baby bottle, pitcher",
}
_add(OBJECTS)

KNOWN_BAD.update({
    "car": _terms("railcar, railway car, railroad car, gondola, cable car, elevator car, cage, "
                  "passenger car, coach, carriage"),
    "bus": _terms("busbar, bus topology, network topology, jitney, heap, jalopy"),
    "train": _terms("string, caravan, wagon train, gearing, gear, geartrain, power train, "
                    "educate, prepare, develop, trail, groom, aim, take aim, direct, check, civilize, "
                    "retinue, suite, cortege, entourage"),
    "phone": _terms("speech sound, sound, earphone, earpiece, headphone, ring, phoneme"),
    "book": _terms("ledger, leger, account book, book of account, script, playscript, record, "
                   "record book, rule book, koran, quran, al-quran, bible, christian bible, word, "
                   "good book, holy scripture, reserve, hold, book up, bind, scripture"),
    "chair": _terms("professorship, president, chairman, chairwoman, chairperson, electric chair, "
                    "death chair, hot seat, moderate, lead, chairman"),
    "table": _terms("tabular array, mesa, board, postpone, prorogue, hold over, put over, "
                    "table over, remit, shelve, set back, defer, put off, tabularize, tabularise"),
    "ball": _terms("musket testis, testicle, orchis, nut, egg, lump, chunk, clod, "
                   "glob, bollock, formal, dance"),
    "bag": _terms("bagful, old udder, cup of tea, pocketbook, base"),
    "flag": _terms("masthead, iris, fleur-de-lis, sword lily, pin, flagstone, "
                   "flagging, sag, droop, swag, ease up, ease off, let up, slacken off"),
    "kite": _terms("kite balloon, check kiting, bank bill, fly"),
    "hat": _terms("chapeau, lid"),
    "shoe": _terms("horseshoe, brake shoe, skid, place"),
})

FOOD = {
    "food": "meal, dish, cuisine, dinner, lunch, breakfast, snack, fruit, vegetables, bread, "
    "pizza, pasta, salad, meat, dessert, plate, eating, restaurant, cooking, foodstuff, "
    "nutriment, victuals, fare, grub, groceries, food product",
    "pizza": "pizza pie, pie, slice of pizza, pizza slice, margherita, pepperoni pizza, "
    "cheese pizza, italian food, fast food, dish, food, pizzeria, calzone, flatbread, pizzas",
    "hot dog": "hotdog, frankfurter, frank, wiener, sausage, bun, sandwich, fast food, food, "
    "weenie, red hot, hot dogs, hotdog bun, chili dog, corn dog",
    "fruit": "apple, banana, orange, grape, grapes, strawberry, berry, berries, pear, peach, "
    "pineapple, mango, cherry, watermelon, melon, lemon, kiwi, fruits, fruit bowl, food, produce, "
    "citrus, plum, apricot, edible fruit",
    "apple": "apples, red apple, green apple, granny smith, fruit, orchard, apple tree, "
    "crab apple, edible fruit, pome, cider, eating apple, cooking apple, food",
    "banana": "bananas, plantain, fruit, banana peel, bunch of bananas, tropical fruit, "
    "edible fruit, banana tree, food",
    "cake": "cakes, birthday cake, wedding cake, cupcake, dessert, pastry, layer cake, "
    "chocolate cake, cheesecake, sponge cake, gateau, torte, muffin, baked goods, sweet, "
    "slice of cake, fruitcake, pie",
    "coffee": "espresso, cappuccino, latte, coffee cup, cup of coffee, mug, americano, "
    "mocha, coffee beans, cafe, coffee shop, java, joe, beverage, drink, caffeine, "
    "macchiato, flat white, iced coffee, black coffee, coffee bean",
    "tea": "cup of tea, teacup, teapot, green tea, black tea, herbal tea, iced tea, "
    "chai, beverage, drink, tea leaves, tea party, afternoon tea, mug, teas",
    "wine": "red wine, white wine, rose wine, champagne, wine glass, glass of wine, wine bottle, "
    "vineyard, grapes, vino, alcohol, drink, beverage, winery, sparkling wine, wines",
    "beer": "lager, ale, stout, pint, draught beer, draft beer, brew, bottle of beer, "
    "beer bottle, beer glass, pub, bar, drink, beverage, alcohol, mug, ipa, pilsner, bitter",
    "bread": "loaf, baguette, toast, roll, bun, sourdough, croissant, rye bread, white bread, "
    "whole wheat bread, bagel, pita, flatbread, bakery, breads, slice, sandwich, food, baked goods",
    "salad": "salads, green salad, lettuce, vegetables, greens, caesar salad, fruit salad, "
    "tossed salad, coleslaw, tomato, cucumber, dish, food, healthy food, bowl",
    "sandwich": "sandwiches, sub, hoagie, burger, hamburger, panini, wrap, toast, bread, "
    "club sandwich, baguette, lunch, snack, food, blt, grilled cheese, hero, submarine sandwich",
    "burger": "hamburger, cheeseburger, beefburger, sandwich, fast food, bun, patty, "
    "veggie burger, burgers, food, fries, french fries",
    "ice cream": "gelato, sorbet, sundae, ice cream cone, cone, frozen yogurt, soft serve, "
    "popsicle, ice lolly, scoop, dessert, frozen dessert, sherbet, icecream, ice-cream, "
    "sweet, ice creams",
    "vegetable": "vegetables, veggies, veg, produce, carrot, broccoli, tomato, potato, "
    "lettuce, cabbage, pepper, onion, cucumber, spinach, greens, salad, food, legume, "
    "root vegetable, corn, peas, beans",
    "meat": "beef, pork, chicken, lamb, steak, sausage, bacon, ham, poultry, mutton, veal, "
    "roast, barbecue, grill, butcher, food, meats, flesh, cutlet, chop, turkey",
    "chocolate": "cocoa, chocolate bar, candy, sweets, dark chocolate, milk chocolate, "
    "truffle, bonbon, praline, chocolate cake, dessert, confectionery, hot chocolate, "
    "brownie, food, candy bar",
    "dessert": "sweet, pudding, cake, pie, ice cream, pastry, tart, mousse, cheesecake, "
    "cookie, cookies, brownie, sundae, dessert plate, afters, desserts, confection, chocolate, "
    "custard, trifle, souffle, food",
    "breakfast": "brunch, morning meal, eggs, bacon, toast, cereal, pancakes, waffles, "
    "coffee, orange juice, croissant, porridge, oatmeal, meal, food, fry-up, continental breakfast",
    "egg": "eggs, boiled egg, fried egg, scrambled eggs, omelette, omelet, eggshell, yolk, "
    "egg white, chicken egg, poached egg, food, breakfast, easter egg, nest",
    "cheese": "cheddar, brie, mozzarella, parmesan, gouda, swiss cheese, camembert, feta, "
    "cheeses, dairy, cheese board, cheeseboard, food, dairy product, blue cheese",
    "sushi": "sashimi, maki, nigiri, roll, sushi roll, japanese food, rice, fish, raw fish, "
    "seafood, food, japanese cuisine, dish, chopsticks",
    "soup": "broth, stew, bowl of soup, chowder, bisque, consomme, potage, gazpacho, "
    "noodle soup, tomato soup, chicken soup, dish, food, bowl, soups, ramen",
}
_add(FOOD)

KNOWN_BAD.update({
    "apple": _terms("malus pumila, orchard apple tree"),
    "coffee": _terms("coffee tree, coffee berry, chocolate, burnt umber, umber, deep brown"),
    "tea": _terms("tea leaf, camellia sinensis, teatime, tea plant"),
    "cake": _terms("bar, cake of soap, coat, encrust, patty"),
    "bread": _terms("breadstuff, staff of life, boodle, clams, dough, gelt, kale, lettuce, "
                    "lolly, loot, lucre, moolah, pelf, scratch, shekels, simoleons, sugar, wampum, "
                    "dinero, cabbage, money"),
    "chocolate": _terms("coffee, umber, burnt umber, deep brown, drinking chocolate"),
    "meat": _terms("kernel, substance, core, center, centre, essence, gist, heart, heart and soul, "
                   "inwardness, marrow, nub, pith, sum, nitty-gritty"),
    "egg": _terms("ovum, egg cell, testis, testicle, orchis, ball, bollock, nut, egg on, "
                  "bombard, pelt"),
    "hot dog": _terms("dog, puppy, canine, pet, hound, retriever, show-off, showman, hotshot, "
                      "exhibitionist, blowhard, grandstander, hotdogger"),
})

ADJECTIVES = {
    "red": "crimson, scarlet, ruby, cherry, maroon, burgundy, vermilion, reddish, ruddy, "
    "blood-red, carmine, cerise, brick red, wine, rose, pink, colour, color, red color, "
    "red colour, redness",
    "blue": "navy, navy blue, azure, cobalt, sapphire, turquoise, teal, sky blue, light blue, "
    "dark blue, royal blue, cyan, indigo, bluish, blueish, cerulean, aquamarine, colour, color, "
    "blue color, blue colour, blueness",
    "green": "emerald, lime, olive, jade, mint, forest green, dark green, light green, "
    "greenish, sage, chartreuse, viridity, verdant, grassy, colour, color, green color, "
    "green colour, greenness",
    "yellow": "gold, golden, lemon, amber, mustard, canary, saffron, sunflower yellow, "
    "yellowish, xanthous, blond, blonde, colour, color, yellow color, yellow colour, "
    "yellowness, chrome yellow",
    "black": "dark, jet black, ebony, pitch black, coal black, charcoal, inky, jet, sable, "
    "raven, onyx, blackness, black color, black colour, colour, color, coal-black, pitch-black, "
    "sooty, dark-colored",
    "white": "snow white, ivory, cream, pearl, off-white, milky, snowy, pure white, "
    "whiteness, bright, pale, alabaster, achromatic, white color, white colour, colour, color, "
    "chalky, silvery",
    "colorful": "colourful, multicolored, multicoloured, vibrant, bright, vivid, rainbow, "
    "psychedelic, kaleidoscopic, polychromatic, varicolored, varicoloured, motley, "
    "many-colored, many-coloured, brightly colored, gaudy, chromatic, colorful",
    "big": "large, huge, giant, enormous, massive, gigantic, vast, immense, tall, "
    "oversized, colossal, great, jumbo, mammoth, bulky, hulking, king-size, outsized, wide",
    "small": "little, tiny, mini, miniature, petite, minute, wee, compact, diminutive, "
    "teeny, pocket-size, small-scale, short, toy, bitty, itty-bitty, minuscule",
    "old": "aged, elderly, ancient, antique, vintage, old-fashioned, retro, weathered, worn, "
    "historic, older, senior, antiquated, age-old, olden, rusty, ruins, ruined",
    "wet": "damp, moist, soaked, soggy, rainy, drenched, dripping, waterlogged, sodden, "
    "sopping, soaking, watery, humid, splash, puddle",
    "bright": "brilliant, shining, shiny, sunny, light, luminous, radiant, vivid, glowing, "
    "gleaming, dazzling, sunlit, colorful, colourful, vibrant, lit, illuminated, glaring",
    "dark": "darkness, dim, gloomy, shadowy, night, unlit, black, murky, dusky, shady, "
    "sombre, somber, dark-colored, obscure, moody, low-key, shadow",
    "sunny": "sunshine, sunlit, bright, sun, clear sky, clear, cloudless, fair, "
    "sunlight, summer, sunny day, warm, bright day, fine",
    "snowy": "snow, snow-covered, snowbound, wintry, winter, frosty, icy, white, "
    "snowfall, snowy landscape, snowy day, snow-capped, snowcapped",
    "wooden": "wood, timber, oak, wooden table, hardwood, lumber, woody, planks, "
    "plank, woodwork, log, rustic",
    "golden": "gold, gilded, gilt, yellow, amber, aureate, golden brown, golden hour, "
    "blond, blonde, shining, gleaming, metallic gold, honey",
    "tall": "high, towering, lofty, big, long, giant, elevated, soaring, tall building, "
    "skyscraper, high-rise, lanky, gangling",
    "empty": "vacant, deserted, bare, void, unoccupied, abandoned, hollow, blank, "
    "desolate, lonely, clear, unfilled, empty room, empty street",
    "shiny": "glossy, gleaming, polished, lustrous, sparkling, bright, metallic, "
    "glistening, shimmering, reflective, sheeny, shining, glittering, satiny, sleek",
}
_add(ADJECTIVES)

KNOWN_BAD.update({
    "red": _terms("red ink, loss, bolshevik, marxist, commie, communist, red river, bolshevist, "
                  "leftist, left-winger, violent"),
    "blue": _terms("blue sky, blue air, wild blue yonder, blue devil, amobarbital sodium, "
                   "blue angel, bluing, blueing, blue ribbon, depressed, dispirited, down, "
                   "downcast, downhearted, down in the mouth, gloomy, grim, low, low-spirited, "
                   "sad, blasphemous, profane, racy, risque, gamy, gamey, spicy"),
    "green": _terms("greens, leafy vegetable, common, commons, park, putting green, putting surface, "
                    "k, jet, special k, honey oil, super acid, super c, cat valium, ketamine, "
                    "unripe, unripened, immature, naive, inexperienced, fleeceable, gullible"),
    "black": _terms("inkiness, black person, blackamoor, negro, negroid, joseph black, "
                    "shirley temple black, shirley temple, black market, grim, mordant, sinister, "
                    "calamitous, disastrous, fatal, fateful, evil, blacken, melanize, melanise, "
                    "nigrify"),
    "white": _terms("white person, caucasian, egg white, albumen, ovalbumin, andrew d. white, "
                    "e. b. white, elwyn brooks white, t. h. white, stanford white, patrick white, "
                    "edward douglass white, white-livered, lily-livered, livid, blank, clean, "
                    "unclouded, whitened, white river, gabardine"),
    "big": _terms("bad, boastful, braggy, bragging, braggart, crowing, self-praising, adult, "
                  "full-grown, fully grown, grown, grownup, heavy, magnanimous, bighearted, "
                  "bounteous, bountiful, freehanded, handsome, giving, liberal, openhanded, "
                  "pregnant, enceinte, expectant, gravid, great with child, swelled, "
                  "vainglorious, larger-than-life, prominent, important, significant"),
    "old": _terms("erstwhile, former, onetime, one-time, quondam, sometime, previous, "
                  "old age, years, age, eld, geezerhood, honest-to-god, honest-to-goodness, "
                  "sure-enough, old-time, hoary"),
    "dark": _terms("iniquity, wickedness, evil, benighted, unenlightened, sinister, disastrous, "
                   "blue, dingy, dismal, drab, drear, dreary, glum, morose, saturnine, sour, "
                   "sullen"),
})
