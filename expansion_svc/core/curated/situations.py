"""Curated expansions: situations, scenes, moods and pastimes that name no single object.

A photo search box gets "snow day", "garage sale" and "wine tasting" as often
as "dog": the situation is what people remember, and its photos show a set of
things, none of them the words typed (a sled and mittens, a table of price
tags, glasses and a vineyard). WordNet either has no concrete sense for such a
phrase ("housewarming", "sightseeing", "funeral", "karaoke" gave no terms at
all) or reads one word of it in another sense: "city break" and "lunch break"
searched a geological fault, "craft fair" aircraft, "wedding reception" signal
detection, "construction site" a cemetery, "book club" a cudgel, "mini golf" a
miniskirt and "moody" a tennis player.
Each entry lists what a photo of the situation shows, most telling first.
"""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    # Trips and travel: the head word alone ("trip", "break", "day") shows nothing, and WordNet read the
    # modifier instead ("ski trip" as skiing only, "business trip" as a business concern).
    "camping trip": entry(rel="tent, campfire, sleeping bag, marshmallows, forest, lake, backpack, camper"),
    "fishing trip": entry(rel="fishing rod, boat, lake, fish, tackle box, river, cooler, life jacket"),
    "ski trip": entry(rel="skis, ski slope, chairlift, snow, mountain, ski lodge, goggles, snowboard"),
    "beach vacation": entry(rel="beach, sand, ocean, palm tree, beach umbrella, swimsuit, sunglasses, resort"),
    "city break": entry(rel="skyline, street, landmark, cafe, museum, hotel, map, suitcase"),
    "day trip": entry(rel="car, train, map, backpack, picnic, sightseeing, landmark"),
    "weekend getaway": entry(rel="cabin, hotel, suitcase, couple, countryside, lake, cottage"),
    "business trip": entry(rel="suitcase, airport, hotel room, laptop, briefcase, suit, meeting"),
    "boat trip": entry(syn="boat ride", rel="boat, deck, life jacket, ocean, harbor, waves, sail"),
    "train ride": entry(syn="train journey", rel="train, railway, carriage, window, station, landscape"),
    "cruise": entry(rel="cruise ship, ship, ocean, deck, harbor, swimming pool, sunset, lifeboat"),
    "safari": entry(rel="jeep, lion, elephant, giraffe, zebra, savanna, binoculars, acacia"),
    "backpacking": entry(rel="backpack, hiking boots, trail, hostel, map, tent, mountain"),
    "sightseeing": entry(rel="landmark, tourist, camera, map, tour bus, monument, guidebook, crowd"),
    # Family occasions and parties: "party" alone expanded every one of these to discos and cocktail parties.
    "family reunion": entry(
        rel="family, grandparents, picnic table, barbecue, group photo, cousins, children, backyard"
    ),
    "housewarming": entry(syn="housewarming party", rel="new house, gifts, friends, wine, living room, house plant"),
    "moving day": entry(rel="cardboard box, moving van, furniture, packing tape, empty room, truck"),
    "birthday party": entry(rel="birthday cake, candles, balloons, party hat, presents, children, confetti"),
    "graduation party": entry(rel="graduation cap, diploma, cake, balloons, gown, family, banner"),
    "retirement party": entry(rel="cake, banner, balloons, colleagues, gift, office, champagne"),
    "surprise party": entry(rel="balloons, cake, confetti, friends, banner, party hat, gifts"),
    "costume party": entry(
        syn="fancy dress party, masquerade", rel="costume, mask, wig, face paint, feathers, party hat"
    ),
    "dinner party": entry(rel="dining table, wine, candles, plates, guests, wine glass, tablecloth"),
    "potluck": entry(syn="potluck dinner", rel="casserole, dishes, buffet, table, salad, pie, friends"),
    "block party": entry(rel="street, neighbors, barbecue, balloons, tables, children, bouncy castle"),
    "house party": entry(rel="living room, drinks, friends, dancing, speakers, plastic cups"),
    "tailgate party": entry(syn="tailgating", rel="pickup truck, grill, beer, cooler, stadium, football, parking lot"),
    "anniversary": entry(rel="couple, cake, flowers, champagne, candles, roses, dinner, ring"),
    "marriage proposal": entry(rel="engagement ring, ring, couple, flowers, sunset, candles"),
    "bridal shower": entry(rel="bride, gifts, flowers, cake, balloons, tea, bridesmaid"),
    "wedding reception": entry(rel="wedding cake, dance floor, bride, groom, banquet, champagne, flowers, guests"),
    "gender reveal": entry(rel="balloons, pink, blue, confetti, cake, smoke, parents"),
    "christening": entry(syn="baptism", rel="baby, church, baptismal font, white gown, godparents, candle, priest"),
    "class reunion": entry(rel="name tag, friends, school, gym, yearbook, group photo"),
    "homecoming": entry(rel="football game, parade, crown, dance, stadium, parade float, marching band"),
    "funeral": entry(rel="coffin, flowers, mourners, cemetery, wreath, black clothes, church"),
    # Holidays the occasions module lacks: each names a handful of things, none of them its own word.
    "christmas dinner": entry(rel="roast turkey, table, candles, family, christmas tree, christmas crackers, gravy"),
    "christmas market": entry(rel="market stall, mulled wine, christmas lights, ornaments, gingerbread, snow, crowd"),
    "hanukkah": entry(syn="chanukah", rel="menorah, candles, latkes, doughnut, spinning top, gifts"),
    "diwali": entry(rel="oil lamp, candles, fireworks, lanterns, sweets, flowers, marigold"),
    "chinese new year": entry(
        syn="lunar new year", rel="red lantern, dragon dance, firecracker, dumplings, lion dance, red envelope"
    ),
    "day of the dead": entry(rel="sugar skull, marigold, altar, candles, skeleton, face paint, flowers"),
    "holi": entry(rel="colored powder, paint, water gun, crowd, white clothes, colored smoke"),
    "carnival": entry(rel="costume, parade, mask, parade float, feathers, confetti, dancers, ferris wheel"),
    "oktoberfest": entry(rel="beer, beer mug, pretzel, tent, lederhosen, sausages, long table"),
    "midsummer": entry(rel="maypole, flower crown, bonfire, meadow, long table, flowers"),
    "luau": entry(rel="lei, hula, torch, pineapple, ukulele, grass skirt, roast pig"),
    "trick or treat": entry(rel="costume, candy, jack-o'-lantern, pumpkin, children, bag, doorstep"),
    "easter egg hunt": entry(syn="egg hunt", rel="easter egg, basket, children, garden, grass, easter bunny"),
    "pumpkin carving": entry(rel="pumpkin, jack-o'-lantern, knife, candle, seeds, newspaper"),
    "caroling": entry(syn="carol singing", rel="carolers, songbook, snow, lantern, scarf, candles"),
    "gift wrapping": entry(rel="wrapping paper, ribbon, bow, scissors, tape, gift, box"),
    # Fairs, markets and shows: WordNet took "fair" as fair-haired and "craft" as aircraft. Keys ending in "show"
    # ("dog show") are left out: the parser drops "show" as the frame of a search ("show me ...").
    "county fair": entry(
        syn="state fair", rel="ferris wheel, cotton candy, livestock, carousel, rides, corn dog, prize ribbon"
    ),
    "funfair": entry(syn="fun fair", rel="ferris wheel, carousel, roller coaster, cotton candy, bumper car, lights"),
    "street festival": entry(rel="crowd, food stall, street, stage, flags, bunting, band"),
    "music festival": entry(rel="stage, crowd, tent, band, lights, wristband, field"),
    "farmer's market": entry(
        syn="farmers market", rel="vegetables, fruit stand, stall, baskets, produce, flowers, honey"
    ),
    "flea market": entry(rel="stall, antiques, secondhand clothes, books, old furniture, jewelry, crowd"),
    "night market": entry(rel="food stall, lanterns, street food, crowd, lights, stall"),
    "craft fair": entry(rel="pottery, jewelry, knitting, stall, candles, soap, baskets"),
    "garage sale": entry(syn="yard sale", rel="price tag, table, driveway, furniture, toys, books, clothes rack"),
    "bake sale": entry(rel="cupcake, cookies, brownie, pie, table, price tag, cake"),
    "lemonade stand": entry(rel="lemonade, pitcher, lemon, table, sign, children, paper cups"),
    "science fair": entry(rel="poster, experiment, students, volcano, ribbon, trophy, microscope"),
    "art exhibition": entry(rel="painting, gallery, frame, sculpture, visitors, wall"),
    "school play": entry(rel="stage, costume, curtain, children, audience, props"),
    "dance recital": entry(rel="ballet, tutu, stage, dancers, costume, audience"),
    "rodeo": entry(rel="cowboy, bull, horse, lasso, arena, cowboy hat, saddle"),
    "circus": entry(rel="clown, big top, acrobat, juggler, tent, ringmaster, trapeze"),
    "petting zoo": entry(rel="goat, lamb, rabbit, children, fence, pony, hay"),
    "water park": entry(rel="water slide, swimming pool, wave pool, swimsuit, children, inner tube"),
    # Evenings in and out.
    "movie marathon": entry(rel="popcorn, couch, television, blanket, remote control, snacks"),
    "game day": entry(rel="stadium, jersey, fans, football, scoreboard, snacks, television"),
    "karaoke": entry(rel="microphone, singer, screen, stage, lyrics, bar"),
    "pub crawl": entry(rel="pub, beer, bar, friends, street, night"),
    "wine tasting": entry(rel="wine glass, wine, vineyard, wine bottle, cheese, barrel, cellar"),
    "nightlife": entry(rel="nightclub, bar, neon lights, cocktail, dancing, city lights, crowd"),
    "clubbing": entry(rel="nightclub, dance floor, disc jockey, strobe light, crowd, cocktail"),
    "jam session": entry(rel="guitar, drums, bass guitar, amplifier, microphone, band"),
    "book club": entry(rel="books, wine, coffee, living room, friends, armchair"),
    "gala": entry(rel="evening gown, tuxedo, chandelier, ballroom, champagne, red carpet"),
    # Meals named by the moment rather than the food.
    "family dinner": entry(rel="dining table, family, plates, food, candles, roast"),
    "romantic dinner": entry(syn="candlelight dinner", rel="candles, wine, roses, couple, restaurant, candlelight"),
    "breakfast in bed": entry(rel="tray, bed, coffee, croissant, orange juice, pancakes, flowers"),
    "lunch break": entry(rel="sandwich, lunch box, bench, park, office, salad"),
    "cooking class": entry(rel="apron, chef, kitchen, cutting board, ingredients, pan, students"),
    # Chores about the house: WordNet read "yard work" as office work and "spring cleaning" as the season.
    "spring cleaning": entry(rel="mop, bucket, broom, vacuum cleaner, duster, cleaning supplies, rubber gloves"),
    "yard work": entry(rel="rake, lawn mower, leaves, wheelbarrow, gardening gloves, hedge trimmer, lawn"),
    "laundry day": entry(rel="washing machine, laundry basket, clothesline, clothes, detergent, ironing board, towels"),
    "housework": entry(syn="chores, housekeeping", rel="vacuum cleaner, mop, broom, dishes, sponge, duster"),
    "dishwashing": entry(rel="sink, dishes, sponge, soap, dish rack, rubber gloves"),
    "renovation": entry(
        syn="remodeling, home improvement", rel="paint roller, ladder, drill, tools, paint, tiles, wallpaper"
    ),
    "woodworking": entry(syn="carpentry", rel="workbench, saw, wood, chisel, sawdust, clamp, drill"),
    "car wash": entry(rel="sponge, soap, bucket, hose, bubbles, car, foam"),
    "tree planting": entry(rel="sapling, shovel, soil, gloves, volunteers, seedling"),
    "beach cleanup": entry(rel="trash bag, gloves, beach, plastic bottles, volunteers, trash"),
    # School, work and lessons: "field trip" searched meadows, "recess" an alcove, "press conference" newspapers.
    "field trip": entry(rel="school bus, students, museum, teacher, farm, zoo"),
    "recess": entry(rel="playground, children, ball, swing, slide, jump rope"),
    "summer camp": entry(rel="cabin, lake, canoe, campfire, children, counselor, bunk bed"),
    "job interview": entry(rel="suit, handshake, desk, office, interviewer, waiting room"),
    "business meeting": entry(rel="conference table, laptop, office, presentation, projector, coffee"),
    "conference": entry(rel="audience, stage, speaker, podium, badge, projector, auditorium"),
    "lecture": entry(rel="lecture hall, professor, students, blackboard, projector, auditorium"),
    "press conference": entry(rel="microphones, podium, journalists, cameras, flags, speaker"),
    "award ceremony": entry(syn="awards ceremony", rel="trophy, stage, podium, medal, audience, certificate"),
    "election day": entry(rel="ballot box, voting booth, ballot, flag, polling place, sticker"),
    "church service": entry(rel="pews, altar, priest, congregation, candles, hymnal"),
    "swimming lesson": entry(rel="swimming pool, goggles, instructor, children, swimming cap"),
    "piano lesson": entry(rel="piano, sheet music, teacher, metronome, child, keyboard"),
    "ballet class": entry(rel="ballerina, tutu, ballet shoes, mirror, dance studio, leotard"),
    # Outdoors, by the hobby: "rock climbing" searched rocks, "scuba diving" an aqualung, and many gave nothing.
    "bonfire": entry(rel="fire, flames, logs, marshmallows, night, friends, sparks, beach"),
    "stargazing": entry(rel="night sky, stars, telescope, milky way, moon, blanket"),
    "birdwatching": entry(
        syn="bird watching, birding", rel="binoculars, bird, camera, telephoto lens, bird feeder, forest"
    ),
    "whale watching": entry(rel="whale, boat, ocean, binoculars, whale tail, dolphin"),
    "rock climbing": entry(rel="cliff, rope, harness, carabiner, helmet, chalk, boulder, climbing wall"),
    "kayaking": entry(rel="kayak, paddle, river, lake, life jacket, canoe"),
    "canoeing": entry(rel="canoe, paddle, lake, river, life jacket, dock"),
    "sailing": entry(rel="sailboat, sail, yacht, ocean, mast, harbor, waves"),
    "scuba diving": entry(rel="diver, coral reef, wet suit, oxygen tank, fish, mask, underwater"),
    "snorkeling": entry(rel="snorkel, mask, flippers, coral reef, fish, underwater"),
    "snowboarding": entry(rel="snowboard, snow, slope, mountain, goggles, helmet"),
    "sunbathing": entry(rel="beach towel, sunscreen, swimsuit, sunglasses, beach, deck chair"),
    "berry picking": entry(rel="strawberries, basket, bush, blueberries, field, farm"),
    "apple picking": entry(rel="apple, orchard, basket, ladder, apple tree, farm"),
    "harvest": entry(rel="wheat, combine harvester, tractor, field, hay bale, crops, basket, pumpkins"),
    "hayride": entry(rel="hay, wagon, tractor, hay bale, farm, pumpkin patch"),
    "corn maze": entry(rel="cornfield, corn, maze, farm, hay bale, pumpkins"),
    "haunted house": entry(rel="ghost, cobweb, skeleton, bat, candle, halloween, old house"),
    "treasure hunt": entry(rel="treasure map, treasure chest, compass, shovel, children, coins"),
    "mini golf": entry(syn="miniature golf, crazy golf", rel="putter, golf ball, windmill, hole, flag, children"),
    "bowling": entry(rel="bowling ball, bowling pin, bowling alley, lane, bowling shoes, scoreboard"),
    "arcade": entry(
        syn="amusement arcade, video arcade", rel="pinball machine, claw machine, joystick, tokens, neon lights"
    ),
    "playdate": entry(rel="children, toys, playground, sandbox, building blocks, playroom"),
    # Pastimes at home.
    "knitting": entry(rel="yarn, knitting needles, scarf, wool, sweater"),
    "sewing": entry(rel="sewing machine, needle, thread, fabric, scissors, pincushion, tape measure"),
    "pottery": entry(syn="ceramics", rel="clay, potter's wheel, kiln, vase, bowl, glaze"),
    "photography": entry(rel="camera, lens, tripod, photographer, darkroom, film camera"),
    # Days and moments: nothing in WordNet for "snow day" but snowfall, and "sick day" was "green".
    "snow day": entry(rel="snow, sled, snowman, snowball, mittens, children, snow shovel"),
    "sick day": entry(rel="bed, thermometer, tissues, blanket, tea, medicine, soup"),
    "power outage": entry(syn="blackout, power cut", rel="candles, flashlight, darkness, lantern, candlelight"),
    "spa day": entry(rel="massage, bathrobe, towels, candles, cucumber, hot tub, sauna"),
    "blue hour": entry(rel="twilight, dusk, city lights, night sky, street lights, skyline"),
    # Places as a situation: the setting a photo shows, where the noun alone is one building or a town.
    "construction site": entry(
        syn="building site", rel="crane, excavator, hard hat, scaffolding, bulldozer, workers, concrete"
    ),
    "old town": entry(rel="cobblestone street, old buildings, church, town square, cafe, narrow street"),
    "ghost town": entry(rel="abandoned buildings, saloon, tumbleweed, desert, dirt road, wagon"),
    # Everyday moments of a day, a home and a week, none of which WordNet has as a thing a photo shows.
    "wake up": entry(syn="waking up", rel="alarm clock, bed, sunrise, coffee, pillow, bedroom, morning"),
    "packing": entry(rel="suitcase, luggage, clothes, backpack, passport, travel bag"),
    "work from home": entry(
        syn="working from home, home office, remote work", rel="laptop, desk, computer, coffee, headphones"
    ),
    "diy": entry(
        syn="do it yourself, home improvement", rel="hammer, toolbox, screwdriver, wrench, saw, drill, paintbrush"
    ),
    "payday": entry(syn="pay day", rel="money, cash, banknotes, coins, wallet, credit card, paycheck"),
    "campfire": entry(syn="camp fire", rel="fire, tent, marshmallows, firewood, logs, night sky, forest"),
    "fishing gear": entry(syn="fishing tackle", rel="fishing rod, tackle box, fishing reel, fishing hook, bait"),
    "winter sport": entry(
        hypo="skiing, snowboarding, ice skating, ice hockey, sledding",
        rel="skis, snowboard, ice skate, sled, ice hockey stick, snow, ski slope",
    ),
    # Moods a search names by its feeling: WordNet's "romantic" is a person and its "moody" a tennis player.
    "romantic": entry(rel="couple, candles, roses, heart, sunset, wine, kiss"),
    "spooky": entry(syn="creepy, eerie", rel="ghost, haunted house, fog, cobweb, skull, full moon, bat"),
    "festive": entry(rel="decorations, christmas lights, ornaments, balloons, confetti, garland"),
    "moody": entry(rel="fog, shadows, rain, dark sky, mist, silhouette"),
}
