"""Held-out judgements of query expansions: common photo-search words the expander was never tuned on.

Written before the ranking rules were revised to meet the 90% all-five bar on
`labelled_expansions.py`, from a photo-search user's point of view and never
from the expander's output (none of these queries was run through it before
the lists were written). They are kept apart from the tuning labels so the
share measured on them is an unbiased estimate of quality on words nobody
looked at; do not edit them to follow the system.

`WORDNET_PATH` holds words no curated entry covers (their expansions come from
WordNet alone); `CURATED_PATH` holds curated words that the tuning labels do
not cover. Same format as `labelled_expansions.py`: query -> comma-separated
acceptable terms; `HELDOUT_KNOWN_BAD` lists senses nobody means in a photo
search.
"""

from __future__ import annotations

from tests.expansion.labelled_expansions import _terms

WORDNET_PATH = {
    "giraffe": "giraffes, baby giraffe, reticulated giraffe, masai giraffe, camelopard, giraffa camelopardalis, "
    "ruminant, ungulate, even-toed ungulate, mammal, animal, wild animal, wildlife, safari, savanna, savannah",
    "zebra": "zebras, plains zebra, common zebra, burchell's zebra, grevy's zebra, mountain zebra, equine, equid, "
    "odd-toed ungulate, ungulate, mammal, animal, wild animal, wildlife, safari, savanna, herd, stripes, striped",
    "fox": "red fox, arctic fox, fennec, fennec fox, gray fox, grey fox, kit fox, vixen, fox cub, kit, cub, canine, "
    "canid, mammal, animal, wild animal, wildlife, carnivore, foxes, reynard, silver fox, white fox",
    "wolf": "gray wolf, grey wolf, timber wolf, white wolf, arctic wolf, red wolf, coyote, prairie wolf, wolf pack, "
    "pack, wolf cub, cub, wolves, canine, canid, mammal, animal, wild animal, wildlife, predator, carnivore, "
    "canis lupus, howling wolf",
    "squirrel": "red squirrel, gray squirrel, grey squirrel, eastern gray squirrel, ground squirrel, chipmunk, "
    "flying squirrel, tree squirrel, fox squirrel, rodent, gnawer, mammal, animal, wildlife, squirrels",
    "goat": "billy goat, nanny goat, kid, billy, nanny, domestic goat, mountain goat, wild goat, ibex, goats, "
    "caprine animal, bovid, ruminant, livestock, farm animal, mammal, animal, herd",
    "parrot": "macaw, cockatoo, parakeet, budgie, budgerigar, lovebird, african grey, african gray, cockatiel, lory, "
    "lorikeet, kea, amazon parrot, conure, bird, tropical bird, pet, pet bird, psittacine, animal, parrots, "
    "wildlife, rainforest",
    "swan": "cygnet, cob, pen, mute swan, black swan, whooper swan, trumpeter swan, whistling swan, tundra swan, "
    "waterfowl, water bird, aquatic bird, bird, goose, animal, swans, lake, pond, anseriform bird",
    "crab": "crabs, hermit crab, blue crab, king crab, dungeness crab, fiddler crab, spider crab, stone crab, "
    "snow crab, crab meat, crabmeat, crustacean, shellfish, decapod, seafood, arthropod, sea creature, animal, "
    "beach, shell, claw",
    "piano": "grand piano, upright piano, upright, pianoforte, baby grand, concert grand, keyboard, "
    "keyboard instrument, musical instrument, instrument, keys, piano keys, pianist, player piano, electric piano, "
    "digital piano, spinet",
    "laptop": "laptop computer, notebook, notebook computer, computer, portable computer, macbook, chromebook, "
    "netbook, ultrabook, personal computer, pc, screen, keyboard, desk, workspace, working, office",
    "sofa": "couch, settee, loveseat, love seat, sectional, sectional sofa, divan, chesterfield, futon, daybed, "
    "davenport, lounge, seat, furniture, living room, cushion, sofa bed",
    "bed": "double bed, single bed, twin bed, king-size bed, queen-size bed, bunk bed, bunk, four-poster, "
    "four-poster bed, canopy bed, crib, cot, cradle, sofa bed, futon, waterbed, hospital bed, bedroom, mattress, "
    "pillow, bedding, bedclothes, sheets, duvet, blanket, furniture, bedstead",
    "candle": "candles, candlelight, tea light, tealight, taper, votive, votive candle, pillar candle, scented candle, "
    "birthday candle, wax candle, wax light, candlestick, candle holder, candelabra, flame, light, light source, "
    "wick, wax",
    "balloon": "balloons, hot air balloon, hot-air balloon, party balloon, helium balloon, toy balloon, "
    "water balloon, air balloon, toy, party, birthday, decoration, aircraft, lighter-than-air craft, "
    "weather balloon, balloonist",
    "bench": "park bench, wooden bench, garden bench, seat, bench seat, pew, settle, church bench, workbench, "
    "work bench, bleachers, furniture, park, seating",
    "jacket": "coat, blazer, leather jacket, denim jacket, jean jacket, windbreaker, bomber jacket, parka, anorak, "
    "sport jacket, sports jacket, sport coat, dinner jacket, tuxedo, suit jacket, fleece, puffer jacket, "
    "down jacket, rain jacket, hoodie, outerwear, garment, clothing, clothes, apparel, life jacket",
    "helicopter": "chopper, copter, whirlybird, eggbeater, heli, rescue helicopter, military helicopter, "
    "attack helicopter, gunship, helicopter gunship, police helicopter, air ambulance, medevac, aircraft, "
    "rotorcraft, heavier-than-air craft, aviation, helipad, rotor, sky",
    "tractor": "farm tractor, tractor trailer, tractor-trailer, semi, trailer truck, truck, crawler, caterpillar, "
    "crawler tractor, bulldozer, farm machinery, farm equipment, agricultural machinery, machine, vehicle, "
    "farm vehicle, motor vehicle, farm, field, plough, plow, tractors, garden tractor, lawn tractor, riding mower",
    "cookie": "cookies, biscuit, biscuits, chocolate chip cookie, chocolate chip cookies, oatmeal cookie, "
    "sugar cookie, shortbread, gingerbread, gingerbread man, ginger snap, gingersnap, macaroon, macaron, "
    "fortune cookie, oreo, brownie, wafer, snickerdoodle, cooky, baked goods, baking, sweet, dessert, snack, treat",
    "pasta": "spaghetti, macaroni, penne, lasagna, lasagne, fettuccine, fettuccini, linguine, ravioli, tortellini, "
    "noodles, noodle, rigatoni, fusilli, farfalle, tagliatelle, vermicelli, orzo, ziti, gnocchi, cannelloni, "
    "manicotti, alimentary paste, italian food, dish, food, meal, spaghetti and meatballs, mac and cheese, "
    "macaroni and cheese, pasta dish, carbonara, bolognese, pesto, tomato sauce",
    "strawberry": "strawberries, wild strawberry, garden strawberry, berry, berries, fruit, red fruit, "
    "strawberry plant, strawberry field, strawberry shortcake, strawberry jam, chocolate-covered strawberry, "
    "edible fruit, produce, dessert, summer fruit, alpine strawberry, woodland strawberry",
    "tomato": "tomatoes, cherry tomato, cherry tomatoes, plum tomato, roma tomato, beefsteak tomato, "
    "heirloom tomato, grape tomato, green tomato, vine tomato, tomato plant, love apple, vegetable, fruit, produce, "
    "salad, garden, solanaceous vegetable, edible fruit, sauce, tomato sauce, salsa",
    "pumpkin": "pumpkins, squash, winter squash, gourd, jack-o'-lantern, jack o lantern, jack-o-lantern, halloween, "
    "autumn, fall, harvest, pumpkin patch, pumpkin pie, vegetable, carved pumpkin, pumpkin vine, cucurbit, "
    "field pumpkin",
    "castle": "palace, fortress, fort, citadel, chateau, château, keep, donjon, stronghold, fortification, "
    "medieval castle, ruins, castle ruins, tower, turret, battlements, moat, manor, building, architecture, "
    "landmark, historic building",
    "lighthouse": "beacon, beacon light, light, lighthouses, pharos, lighthouse keeper, coast, coastline, shore, "
    "seaside, harbor, harbour, cliff, sea, ocean, tower, lantern, maritime, navigation aid",
    "canyon": "gorge, ravine, chasm, grand canyon, valley, gully, gulch, defile, cliff, cliffs, mesa, butte, desert, "
    "rock formation, red rock, canyonlands, slot canyon, river canyon, gap, natural depression, landscape, coulee, "
    "arroyo, wadi, box canyon, antelope canyon",
    "barn": "barns, red barn, farm building, outbuilding, farmhouse, farm, stable, cowshed, byre, shed, hayloft, "
    "loft, silo, granary, barnyard, farmyard, hay, countryside, rural, building, pole barn, cow barn, horse barn, "
    "stall",
    "statue": "sculpture, statues, figure, figurine, bust, monument, memorial, carving, marble statue, "
    "bronze statue, bronze, stone statue, effigy, idol, colossus, statuette, sculpted figure, art, artwork, "
    "landmark, public art, plaza, pedestal, bronze sculpture, statue of liberty",
    "cactus": "cacti, cactuses, succulent, saguaro, prickly pear, barrel cactus, cholla, opuntia, christmas cactus, "
    "desert plant, plant, houseplant, potted plant, desert, spines, thorns",
    "mushroom": "mushrooms, fungus, fungi, toadstool, agaric, button mushroom, field mushroom, champignon, shiitake, "
    "portobello, chanterelle, morel, porcini, cep, oyster mushroom, fly agaric, wild mushroom, edible mushroom, "
    "forest, forest floor, vegetable, puffball",
    "bike": "bicycle, bikes, cycle, cycling, cyclist, mountain bike, road bike, racing bike, bmx, bmx bike, tandem, "
    "tandem bicycle, push-bike, pushbike, velocipede, e-bike, electric bike, motorcycle, motorbike, dirt bike, "
    "wheel, bike ride, biker, bike path, bike lane, two-wheeler, wheeled vehicle, vehicle, safety bicycle, fixie, "
    "cruiser",
    "frozen": "ice, icy, iced, frosty, frosted, frost, freezing, frozen lake, frozen river, frozen pond, frozen over, "
    "ice-covered, icebound, snowy, snow, winter, cold, chilled, glacial, frozen food, ice crystals, frozen water, "
    "hoarfrost, rime, icicles, ice-cold, frozen solid, wintry",
    "furry": "fur, furred, fluffy, hairy, fuzzy, shaggy, woolly, wooly, downy, soft, plush, fleecy, hirsute, "
    "furry animal, fur coat, pet, puppy, kitten, teddy bear, long-haired, haired, velvety",
    "rusty": "rust, rusted, corroded, rusting, oxidized, oxidised, weathered, old, worn, decayed, abandoned, "
    "rust-colored, rust-coloured, reddish-brown, copper, metal, rusty metal, iron, rust brown, orange-brown, "
    "russet, dilapidated, derelict",
    "cloudy": "clouds, cloud, overcast, cloud-covered, clouded, grey sky, gray sky, cloudy sky, dull, gloomy, grey, "
    "gray, sunless, hazy, misty, foggy, murky, dark, stormy, rainy, storm clouds, cumulus, cloudscape, sky, "
    "weather, brooding, threatening, lowering",
}

CURATED_PATH = {
    "beautiful": "lovely, gorgeous, pretty, stunning, beauty, picturesque, scenic, attractive, handsome, elegant, "
    "breathtaking, graceful, charming, exquisite, magnificent, splendid, sublime, glamorous, fair, comely, bonny, "
    "good-looking, cute, idyllic, majestic, pleasing, aesthetic, wonderful, amazing",
    "brown": "brownish, tan, beige, chocolate, chocolate brown, chestnut, bronze, coffee, coffee-colored, mocha, "
    "caramel, hazel, umber, sepia, russet, auburn, rust, mahogany, cinnamon, khaki, taupe, dark brown, light brown, "
    "earth tones, earthy, brunette, copper, tawny, fawn, sienna, chocolate-brown, walnut, cocoa, espresso",
    "bug": "insect, beetle, ladybug, ladybird, ant, fly, bee, cockroach, roach, stink bug, bedbug, bed bug, true bug, "
    "cricket, grasshopper, caterpillar, spider, mosquito, butterfly, moth, dragonfly, firefly, weevil, aphid, "
    "termite, creepy crawly, creepy-crawly, critter, arthropod, invertebrate, bugs, insects, animal, hemipteran",
    "cave": "cavern, caves, grotto, sea cave, ice cave, limestone cave, underground, stalactite, stalagmite, "
    "stalactites, stalagmites, rock shelter, den, lair, hollow, pothole, tunnel, karst, cliff, rock, spelunking, "
    "caving, speleology, underground lake, chamber, cave entrance, cave painting, rock formation, subterranean",
    "clothes": "clothing, apparel, garments, garment, attire, outfit, outfits, wardrobe, fashion, dress, shirt, "
    "t-shirt, pants, trousers, jeans, jacket, coat, sweater, skirt, shoes, suit, blouse, hoodie, laundry, "
    "clothesline, closet, wear, wearing apparel, dress clothes, casual wear, menswear, womenswear, costume, "
    "textile, fabric, hanger, clothes rack, folded clothes, clothing store, boutique",
    "cup": "mug, teacup, coffee cup, tea cup, coffee mug, glass, paper cup, plastic cup, cups, espresso cup, "
    "demitasse, beaker, tumbler, chalice, goblet, trophy, trophy cup, saucer, cup of coffee, cup of tea, coffee, "
    "tea, drinking vessel, vessel, container, tableware, crockery, cupful, cup and saucer, tin cup, sippy cup, "
    "measuring cup, world cup",
    "cute": "adorable, sweet, lovely, charming, pretty, darling, precious, endearing, cuddly, lovable, loveable, "
    "delightful, kawaii, baby, puppy, kitten, kittens, puppies, baby animal, fluffy, smiling, playful, innocent, "
    "tiny, little, small, chubby, dainty, winsome, funny, beautiful, attractive",
    "dinner": "supper, evening meal, dinner party, meal, family dinner, dinner table, dining, dining room, feast, "
    "banquet, dinner date, romantic dinner, candlelit dinner, main course, entree, dish, food, dinnertime, "
    "restaurant, dine, eating, thanksgiving dinner, christmas dinner, barbecue, roast, steak, pasta, table setting, "
    "plate, dinner plate, repast, potluck, buffet, gala dinner, formal dinner",
    "drink": "beverage, drinks, cocktail, juice, coffee, tea, water, soda, soft drink, beer, wine, milk, smoothie, "
    "milkshake, lemonade, glass, cup, bottle, can, mug, straw, alcohol, alcoholic drink, alcoholic beverage, "
    "liquor, spirits, whiskey, vodka, martini, mojito, iced tea, iced coffee, hot chocolate, cold drink, hot drink, "
    "refreshment, toast, cheers, drinking, bar, pub, sip, pint, liquid, shot, glass of water, glass of wine, "
    "drinking glass",
    "evening": "dusk, twilight, sunset, nightfall, eventide, even, eve, gloaming, sundown, evening sky, golden hour, "
    "blue hour, evening light, late afternoon, night, nighttime, dinner, evening walk, city lights, sunset sky, "
    "dark, afterglow, evening party, soiree, soirée, evening dress",
    "field": "meadow, pasture, grassland, farmland, cropland, farm, farm field, wheat field, cornfield, corn field, "
    "paddy, rice field, rice paddy, hayfield, prairie, plain, plains, grass, green field, lawn, countryside, rural, "
    "landscape, crops, crop, flower field, wildflowers, sunflower field, field of flowers, open field, "
    "playing field, sports field, soccer field, football field, pitch, ball field, baseball field, athletic field, "
    "lea, ley, paddock, acreage, arable land, plowed field, ploughed field, agriculture, harvest",
    "glasses": "eyeglasses, spectacles, specs, eyewear, sunglasses, shades, reading glasses, goggles, bifocals, "
    "frames, glasses frame, lenses, lens, monocle, optician, pince-nez, horn-rimmed glasses, safety glasses, "
    "3d glasses, eyeglass, wearing glasses, wine glass, wine glasses, drinking glass, drinking glasses, glassware, "
    "tumbler",
    "gray": "grey, greyish, grayish, silver, silvery, charcoal, ash, ash gray, ash grey, slate, slate gray, "
    "slate grey, gunmetal, pewter, steel gray, steel grey, dove gray, pearl gray, light gray, dark gray, light grey, "
    "dark grey, smoky, smoke gray, overcast, monochrome, black and white, neutral, achromatic, gray hair, grey hair, "
    "gray-haired, grey-haired, silver-haired, hoary, grizzled, dull, cloudy, leaden, colorless",
    "groom": "bridegroom, husband, newlywed, newlyweds, bride, bride and groom, wedding, marriage, best man, tuxedo, "
    "suit, wedding suit, fiance, fiancé, married couple, wedding day, wedding ceremony, wedding couple, spouse, "
    "man, groomsmen, groomsman, boutonniere",
    "halloween": "hallowe'en, all hallows' eve, all hallow's eve, trick or treat, trick-or-treat, trick-or-treating, "
    "jack-o'-lantern, jack o lantern, pumpkin, pumpkins, carved pumpkin, costume, costumes, halloween costume, "
    "halloween party, witch, ghost, skeleton, skull, zombie, vampire, bat, black cat, spider web, cobweb, "
    "haunted house, spooky, scary, candy, october, autumn, fall, holiday, celebration, party, decorations, "
    "halloween decorations, mask, masquerade, samhain, fancy dress",
    "happy": "joyful, cheerful, glad, smiling, smile, laughing, laughter, joy, happiness, delighted, content, "
    "contented, cheery, merry, jolly, elated, gleeful, jubilant, ecstatic, pleased, blissful, carefree, fun, "
    "celebration, excited, upbeat, positive, beaming, grinning, grin, radiant, sunny, lighthearted, playful, "
    "happy face, happy family, happy couple",
    "hill": "hills, hillside, hilltop, slope, mound, knoll, hillock, mountain, foothills, ridge, rolling hills, "
    "summit, peak, bluff, dune, butte, down, downs, highland, upland, elevation, incline, bank, rise, grassy hill, "
    "green hills, countryside, landscape, hill country, hummock, tor, fell, moor, high ground",
    "home": "house, homes, household, residence, dwelling, family home, living room, interior, home interior, "
    "apartment, flat, cottage, bungalow, villa, mansion, cabin, family, hearth, homestead, domicile, abode, place, "
    "housing, habitation, kitchen, bedroom, backyard, porch, front door, sweet home, cozy, cosy, indoor, indoors, "
    "inside, house interior, living space",
    "hotel": "motel, inn, resort, hostel, lodge, guesthouse, guest house, bed and breakfast, b&b, boutique hotel, "
    "luxury hotel, hotel room, hotel lobby, lobby, suite, reception, accommodation, lodging, hospitality, building, "
    "hotel pool, hotel bed, hotels, hostelry, caravansary, caravanserai, hotel building, spa, room",
    "lunch": "luncheon, meal, lunchtime, lunch break, midday meal, dinner, lunchbox, lunch box, packed lunch, "
    "brown bag, sandwich, salad, soup, picnic, brunch, business lunch, school lunch, lunch table, food, dining, "
    "eating, tiffin, bento, noon, restaurant, cafe, cafeteria, plate, dish, lunch menu, snack",
    "market": "marketplace, farmers market, farmers' market, farmer's market, street market, flea market, bazaar, "
    "souk, fair, stall, stalls, market stall, vendor, vendors, open-air market, outdoor market, night market, "
    "fish market, food market, grocery, supermarket, store, shop, shopping, produce, fruit stand, mart, trade fair, "
    "fruit and vegetables, merchant, trader, seller, market square, bazar, emporium, grocery store",
    "morning": "sunrise, dawn, daybreak, morn, forenoon, first light, early morning, morning light, breakfast, "
    "morning coffee, coffee, am, a.m., morning mist, fog, mist, dew, morning dew, golden hour, sunup, cockcrow, "
    "aurora, waking up, wake up, awake, bed, bedroom, commute, morning routine, morning sky, morning sun",
    "mouse": "mice, house mouse, field mouse, rodent, rat, vole, white mouse, lab mouse, wood mouse, harvest mouse, "
    "dormouse, pet mouse, mammal, animal, pest, computer mouse, wireless mouse, optical mouse, mouse pad, mousepad, "
    "gaming mouse, computer, mickey mouse, cheese, mousetrap, small animal",
    "museum": "art museum, gallery, art gallery, exhibition, exhibit, exhibits, natural history museum, "
    "history museum, science museum, museums, display case, showcase, artifact, artefact, artwork, painting, "
    "paintings, sculpture, statue, collection, exposition, visitors, tourists, tour, louvre, dinosaur skeleton, "
    "fossil, building, interior, hall, museum hall, exhibition hall, installation, curator, wax museum, "
    "planetarium, archive, heritage",
    "new": "brand-new, brand new, modern, fresh, unused, mint, mint condition, pristine, shiny, latest, recent, "
    "contemporary, novel, newest, new car, new house, newborn, baby, new year, clean, spotless, unopened, "
    "new product, just built, young, untouched, unworn, innovative, up-to-date, state-of-the-art, futuristic",
    "orange": "oranges, orange fruit, citrus, citrus fruit, tangerine, mandarin, mandarin orange, clementine, "
    "satsuma, navel orange, blood orange, sweet orange, seville orange, bitter orange, sour orange, "
    "valencia orange, orange juice, orange tree, orange slice, fruit, edible fruit, orange color, orange colour, "
    "orangish, orangeness, amber, apricot, peach, coral, burnt orange, rust, ochre, ocher, copper",
    "pig": "piglet, hog, swine, boar, sow, pigs, piggy, piggie, shoat, wild boar, warthog, domestic pig, "
    "pot-bellied pig, potbellied pig, porker, suckling pig, farm animal, livestock, mammal, animal, pigsty, "
    "pigpen, sty, farm, mud, ungulate, even-toed ungulate, suid, hoglet",
    "pink": "pinkish, rosy, rose, pastel pink, hot pink, baby pink, light pink, salmon, salmon pink, coral, blush, "
    "blush pink, fuchsia, magenta, rose pink, peach, flamingo, pink flower, pink flowers, cherry blossom, "
    "carnation, pinks, dianthus, pink color, pink colour, shocking pink, bubblegum pink, millennial pink, "
    "dusty pink",
    "playground": "play area, playpark, play park, park, swing, swings, slide, slides, jungle gym, climbing frame, "
    "monkey bars, seesaw, teeter-totter, merry-go-round, roundabout, sandbox, sandpit, school playground, "
    "schoolyard, school yard, recess, children playing, kids playing, children, kids, play, outdoor play, "
    "adventure playground, recreation area, carousel, spring rider, tire swing, swing set",
    "pool": "swimming pool, swimming bath, pools, lap pool, infinity pool, outdoor pool, indoor pool, backyard pool, "
    "poolside, pool deck, pool party, swimming, swimmer, water, diving board, lido, natatorium, plunge pool, "
    "paddling pool, wading pool, kiddie pool, pond, pool water, hotel pool, spa, hot tub, jacuzzi, rock pool, "
    "tide pool, rockpool, tidepool, pool table, billiards, billiard table, pocket billiards, eight ball, 8 ball",
    "shop": "store, shops, stores, boutique, retail store, retailer, shopfront, storefront, shop window, shop front, "
    "shopping, shopper, shopping mall, mall, shopping center, shopping centre, supermarket, grocery, "
    "grocery store, market, bakery, bookshop, bookstore, butcher shop, cafe, coffee shop, gift shop, corner shop, "
    "convenience store, department store, outlet, mercantile establishment, shopkeeper, shop assistant, counter, "
    "cashier, checkout, display, window display, retail, workshop, salesroom, showroom, mart, emporium, kiosk",
    "spider": "tarantula, spiders, spider web, spiderweb, web, cobweb, black widow, wolf spider, jumping spider, "
    "garden spider, orb weaver, orb-weaving spider, house spider, huntsman spider, daddy longlegs, "
    "daddy long legs, harvestman, arachnid, arthropod, bug, creepy crawly, creepy-crawly, brown recluse, animal, "
    "invertebrate, recluse spider, funnel web, trapdoor spider, crab spider",
    "tennis": "lawn tennis, tennis court, court, tennis player, tennis ball, tennis racket, tennis racquet, racket, "
    "racquet, net, serve, serving, forehand, backhand, doubles, singles, match, tennis match, tournament, "
    "wimbledon, grand slam, clay court, grass court, hard court, sport, racket sport, ball game, court game, "
    "athlete, player",
    "vehicle": "car, truck, bus, van, motorcycle, bicycle, bike, train, automobile, motor vehicle, suv, jeep, taxi, "
    "tractor, lorry, trailer, ambulance, fire engine, fire truck, police car, scooter, tram, wagon, cart, carriage, "
    "conveyance, transport, transportation, wheeled vehicle, vehicles, traffic, road, automotive, pickup, "
    "pickup truck, minivan, sedan, limousine, convertible, sports car, racing car, race car, military vehicle, "
    "emergency vehicle, electric vehicle, rv, camper, motorhome, moped, snowmobile, sled, sleigh",
    "window": "windows, windowpane, window pane, pane, glass, windowsill, window sill, sill, window frame, casement, "
    "casement window, bay window, sash window, skylight, stained glass, stained glass window, shop window, "
    "storefront window, car window, porthole, dormer, dormer window, french window, picture window, shutters, "
    "shutter, curtains, curtain, blinds, view, window view, window seat, glazing, window box, lattice, fanlight, "
    "transom, oriel, rose window, lancet window, double-hung window",
    "weather": "climate, rain, snow, sun, sunshine, clouds, storm, wind, fog, mist, sky, forecast, "
    "weather conditions, atmospheric condition, atmospheric conditions, sunny, cloudy, rainy, stormy, windy, "
    "snowy, foggy, thunderstorm, lightning, hail, drizzle, overcast, rainbow, weather vane, weathervane, thunder, "
    "tornado, hurricane, blizzard, heat wave, cold weather, bad weather, fine weather, good weather, meteorology, "
    "elements",
    "office": "workplace, office space, workspace, desk, desks, office building, business office, cubicle, "
    "cubicles, open-plan office, open plan office, coworking space, co-working space, meeting room, "
    "conference room, boardroom, study, home office, headquarters, bureau, corporate office, office worker, "
    "office workers, business, businessman, businesswoman, computer, laptop, office chair, office desk, "
    "workstation, reception, staff, coworkers, colleagues, meeting, desk job, filing cabinet, papers",
}

HELDOUT_ACCEPTABLE: dict[str, frozenset[str]] = {
    query: _terms(text) for query, text in (*WORDNET_PATH.items(), *CURATED_PATH.items())
}

HELDOUT_KNOWN_BAD: dict[str, frozenset[str]] = {
    "fox": _terms("dodger, slyboots, trickster"),
    "wolf": _terms("womanizer, woman chaser, skirt chaser, ladies' man, lady killer, hugo wolf, gorge"),
    "goat": _terms("capricorn, capricorn the goat, butt, laughingstock, stooge"),
    "parrot": _terms("imitator, mimic, copycat, echo"),
    "crab": _terms("grouch, grump, crank, sourpuss, crab louse, pubic louse, cancer"),
    "piano": _terms("pianissimo, softness"),
    "bed": _terms("riverbed, river bed, seabed, sea bed, stratum, bottom, seam, flowerbed, flower bed, seedbed, "
                  "roadbed, layer"),
    "candle": _terms("candela, cd, international candle"),
    "bench": _terms("judiciary, judicature, judges, terrace"),
    "jacket": _terms("dust jacket, dust cover, book jacket, jacket potato, crown, crownwork, jacket crown, "
                     "casing, potato skin"),
    "cookie": _terms("cook, chef, http cookie, web cookie"),
    "strawberry": _terms("strawberry mark, birthmark, nevus, strawberry hemangioma"),
    "pumpkin": _terms("sweetie, honey, darling, dear"),
    "castle": _terms("rook, castling, chess piece, chessman"),
    "barn": _terms("b"),
    "mushroom": _terms("mushroom cloud, atomic cloud"),
    "frozen": _terms("fixed, rooted, stock-still"),
    "rusty": _terms("out of practice, unpracticed, hoarse, raspy"),
    "cloudy": _terms("vague, obscure, confused, unclear"),
    "brown": _terms("brown university, john brown, robert brown, sear"),
    "bug": _terms("glitch, error, defect, microbug, listening device, germ, microbe, virus, bacteria, tap, wiretap"),
    "cave": _terms("cave-in, collapse"),
    "cup": _terms("cupule, bra cup, golf hole"),
    "cute": _terms("clever, shrewd, canny, cunning, astute, smart"),
    "drink": _terms("alcoholism, drunkenness, crapulence"),
    "evening": _terms("leveling, levelling, smoothing, equalization"),
    "field": _terms("field of study, discipline, subject, subject area, force field, magnetic field, electric field, "
                    "field of force, bailiwick, sphere, domain, orbit"),
    "glasses": _terms("binoculars, field glasses, opera glasses, looking glass, mirror, spyglass, glassful"),
    "gray": _terms("gy, asa gray, zane grey, lady jane grey, confederate, confederate soldier, johnny reb"),
    "groom": _terms("stableman, stableboy, stable boy, hostler, ostler, grooming, curry, currycomb, dressing"),
    "happy": _terms("felicitous, well-chosen, willing, eager"),
    "hill": _terms("benny hill, a. p. hill, james jerome hill, capitol hill, congress"),
    "home": _terms("home plate, home base, home run, homer, base of operations, headquarters, plate"),
    "market": _terms("stock market, securities market, stock exchange, financial market, commerce, commercialism, "
                     "mercantilism, market economy"),
    "mouse": _terms("shiner, black eye, bruise, contusion"),
    "new": _terms("inexperienced, unfamiliar, unaccustomed, raw, unskilled"),
    "orange": _terms("orange river, william of orange, house of orange"),
    "pig": _terms("slob, sloven, glutton, gourmand, cop, copper, fuzz, police officer, pig iron, ingot, pig bed, "
                  "chauvinist, male chauvinist, sexist"),
    "pink": _terms("pinko, left-winger, leftist, commie, bolshie, bolshy"),
    "playground": _terms("resort, resort area, vacation spot, holiday resort"),
    "pool": _terms("kitty, pot, jackpot, consortium, syndicate, cartel, gene pool, typing pool, motor pool, "
                   "car pool, carpool, pooling"),
    "shop": _terms("shop class, industrial arts"),
    "spider": _terms("crawler, web crawler, spiderbot, wanderer, skillet, frying pan, frypan, trivet"),
    "vehicle": _terms("medium, fomite, vector, excipient, means, instrument"),
    "window": _terms("window of opportunity, window of time, windowing, fenestra, oval window, round window, "
                     "fenestra ovalis, fenestra rotunda"),
    "weather": _terms("weathering, erosion, weather side, windward, upwind, endure, brave"),
    "office": _terms("function, role, position, post, berth, spot, situation, duty, religious service, "
                     "divine service, service, agency, authority, federal agency, government agency, power"),
}
