"""Curated expansions: places and scenes."""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    "beach": entry(
        syn="seashore, seaside, shore, coast",
        hypo="sandy beach, tropical beach, shoreline",
        rel="sand, ocean, sea, waves, surf, palm tree, beach umbrella, dunes",
        senses="beach.n.01",
        block="beach wagon, station wagon",
    ),
    "outdoor": entry(
        syn="outdoors, outside, open air",
        hypo="nature, park, garden, countryside, forest, mountain, beach, street, backyard",
        rel="landscape, sky, scenery",
    ),
    "indoor": entry(
        syn="indoors, inside, interior",
        hypo="room, living room, kitchen, bedroom, office, hallway",
        rel="home, furniture",
    ),
    "city": entry(
        syn="town, urban area",
        hypo="downtown, city center, metropolis, cityscape, skyline",
        rel="street, buildings, skyscraper, traffic",
        senses="city.n.01",
    ),
    "mountain": entry(
        syn="mount, peak",
        hypo="mountain range, summit, volcano, snowy peak, ridge",
        hyper="landscape",
        rel="hill, cliff, valley, hiking",
        senses="mountain.n.01",
        block="heap, pile, deal, great deal, lot, mass, mint, stack, wad",
    ),
    "forest": entry(
        syn="woods, woodland",
        hypo="rainforest, jungle, pine forest, grove",
        hyper="nature",
        rel="trees, forest path, trail",
        senses="forest.n.02",
    ),
    "park": entry(
        syn="public park, parkland",
        hypo="city park, national park, playground, botanical garden",
        rel="trees, lawn, bench, picnic, grass",
        senses="park.n.01",
        block="parking lot, car park, parking area, ballpark, mungo park, parking brake",
    ),
    "lake": entry(
        hypo="pond, mountain lake, reservoir, lagoon",
        hyper="body of water, water",
        rel="lakeside, shore, boat",
        senses="lake.n.01",
    ),
    "river": entry(
        syn="stream",
        hypo="creek, brook, rapids, waterfall",
        hyper="waterway, water",
        rel="riverbank, bridge, valley",
        senses="river.n.01",
    ),
    "ocean": entry(
        syn="sea, open sea",
        hypo="ocean waves, deep sea",
        hyper="water",
        rel="waves, beach, coast, seascape",
        senses="ocean.n.01",
    ),
    "sea": entry(
        syn="ocean",
        hypo="open sea, bay, seascape",
        hyper="water",
        rel="waves, beach, coast, seaside",
        senses="sea.n.01",
    ),
    "street": entry(
        syn="road, avenue",
        hypo="alley, boulevard, main street, crosswalk, sidewalk",
        rel="city, traffic, buildings, downtown",
        senses="street.n.01",
    ),
    "road": entry(
        syn="roadway",
        hypo="highway, street, country road, dirt road, freeway, lane",
        rel="traffic, car, asphalt",
        senses="road.n.01",
    ),
    "house": entry(
        syn="home, dwelling, residence",
        hypo="cottage, bungalow, villa, mansion, cabin, farmhouse, townhouse",
        hyper="building",
        senses="house.n.01",
        block="firm, business firm, household, theater, theatre, playhouse, family, house of representatives",
    ),
    "home": entry(
        syn="house, dwelling",
        hypo="living room, kitchen, family home, apartment",
        rel="family, interior, garden",
        senses="home.n.01",
    ),
    "building": entry(
        syn="edifice, structure",
        hypo="skyscraper, tower, office building, apartment building, house, church",
        rel="architecture, facade, city",
        senses="building.n.01",
    ),
    "church": entry(
        syn="church building",
        hypo="cathedral, chapel, basilica, abbey",
        hyper="place of worship",
        rel="steeple, temple, mosque",
        senses="church.n.02",
        block="christian church, church service, religion",
    ),
    "kitchen": entry(
        syn="kitchenette",
        hyper="room",
        rel="stove, oven, cooking, sink, refrigerator, countertop",
        senses="kitchen.n.01",
        block="cuisine",
    ),
    "bedroom": entry(
        syn="sleeping room",
        hypo="master bedroom, guest room, nursery",
        hyper="room",
        rel="bed, pillow, interior",
        senses="bedroom.n.01",
    ),
    "office": entry(
        syn="workplace",
        hypo="desk, cubicle, meeting room",
        hyper="room, building",
        rel="computer, office chair, coworkers",
        senses="office.n.01",
        block="agency, bureau, authority, function, role, power, business office",
    ),
    "garden": entry(
        hypo="flower garden, vegetable garden, backyard, botanical garden, greenhouse",
        hyper="yard",
        rel="flowers, plants, lawn, flowerbed, gardening",
        senses="garden.n.01",
    ),
    "desert": entry(
        hypo="sand dunes, sahara, oasis",
        hyper="wasteland, landscape",
        rel="sand, cactus, camel",
        senses="desert.n.01",
        block="abandon, forsake, desolate",
    ),
    "island": entry(
        syn="isle",
        hypo="tropical island, islet, atoll",
        rel="beach, ocean, lagoon, palm tree",
        senses="island.n.01",
        block="traffic island, safety island",
    ),
    "bridge": entry(
        syn="span",
        hypo="suspension bridge, footbridge, viaduct, arch bridge, drawbridge",
        rel="river, crossing",
        senses="bridge.n.01",
        block="bridge deck, nosepiece, bridgework, contract, auction bridge, bridge circuit",
    ),
    "farm": entry(
        syn="ranch",
        hypo="farmhouse, barn, farmyard, vineyard, orchard",
        rel="farmland, field, tractor, cows, livestock, crops",
        senses="farm.n.01",
    ),
    "school": entry(
        syn="schoolhouse",
        hypo="classroom, primary school, high school, college, kindergarten",
        rel="students, teacher, school building, playground",
        senses="school.n.02",
        block="schooltime, school day, shoal, schooling",
    ),
    "restaurant": entry(
        syn="eatery, eating place",
        hypo="cafe, diner, bistro, pizzeria, cafeteria",
        rel="dining table, waiter, food, dinner",
        senses="restaurant.n.01",
    ),
    "airport": entry(
        syn="airfield",
        hypo="terminal, runway, control tower",
        rel="airplane, jet, flight, hangar",
        senses="airport.n.01",
    ),
    "stadium": entry(
        syn="arena", hypo="football stadium, ballpark", rel="stands, crowd, spectators, pitch", senses="stadium.n.01"
    ),
    "village": entry(syn="hamlet", hypo="small town", rel="countryside, cottages, rural", senses="village.n.02"),
    "landscape": entry(
        syn="scenery, vista, view",
        hypo="panorama, countryside, mountains, valley",
        rel="nature, hills, horizon",
        senses="landscape.n.01",
    ),
    "countryside": entry(
        syn="rural area, country",
        hypo="farmland, village, meadow, pasture",
        rel="fields, hills, farm, landscape",
        senses="countryside.n.01",
    ),
    "market": entry(
        syn="marketplace",
        hypo="street market, farmers market, bazaar, flea market",
        rel="stalls, vendors, produce",
        senses="marketplace.n.02",
    ),
    "shop": entry(
        syn="store",
        hypo="boutique, supermarket, bakery, bookshop, shop window",
        rel="shopping, storefront",
        senses="shop.n.01",
    ),
    "museum": entry(hypo="art gallery, exhibition", rel="exhibit, paintings, sculpture", senses="museum.n.01"),
    "hotel": entry(hypo="resort, motel, inn", rel="hotel room, lobby, pool", senses="hotel.n.01"),
    "pool": entry(
        syn="swimming pool",
        hypo="outdoor pool, indoor pool",
        rel="swimming, water, diving board",
        senses="pool.n.01",
        block="pocket billiards, puddle, kitty, consortium, syndicate",
    ),
    "playground": entry(
        hypo="swing, slide, seesaw, sandbox, jungle gym", rel="children, park", senses="playground.n.02"
    ),
    "night": entry(
        syn="nighttime, evening, dark",
        hypo="midnight, night sky",
        rel="moon, stars, city lights, darkness, moonlight",
    ),
    "sky": entry(hypo="blue sky, night sky, cloudy sky, starry sky", rel="clouds, horizon, sun, sunset"),
    "sunset": entry(
        syn="sundown, dusk", hypo="golden hour, afterglow", hyper="evening", rel="sun, horizon, twilight, red sky"
    ),
    "sunrise": entry(
        syn="dawn, daybreak, sunup", hypo="first light", hyper="morning", rel="sun, horizon, sky, golden hour"
    ),
    "morning": entry(syn="dawn, daybreak", hypo="sunrise, early morning", rel="breakfast, coffee, morning light"),
    "evening": entry(syn="dusk, twilight", hypo="sunset, nightfall", rel="night, evening sky, dinner"),
    "skyline": entry(
        syn="cityscape, city skyline", hypo="skyscrapers, downtown", hyper="city", rel="horizon, buildings, night city"
    ),
    "theme park": entry(
        syn="amusement park", rel="roller coaster, ferris wheel, carousel, cotton candy, rides, fairground"
    ),
    "new york": entry(
        syn="new york city, nyc",
        rel="statue of liberty, skyline, yellow taxi, empire state building, times square, skyscraper, brooklyn bridge",
    ),
    # Rooms and everyday places people photograph: what they are searched for is what stands in them. (Bathroom,
    # classroom and library stay out: tests/expansion's held-out word sets judge the WordNet rules on them.)
    "living room": entry(
        syn="lounge, sitting room, family room",
        hyper="room",
        rel="sofa, couch, armchair, television, fireplace, coffee table, lamp, rug, bookshelf, houseplant",
        senses="living_room.n.01",
    ),
    "dining room": entry(
        hyper="room", rel="dining table, table, chair, plate, candle, dinner", senses="dining_room.n.01"
    ),
    "desk": entry(
        syn="writing desk",
        rel="computer, laptop, keyboard, desk lamp, notebook, pen, office chair",
        senses="desk.n.01",
    ),
    "garage": entry(rel="car, bicycle, tools, toolbox, workbench, garage door", senses="garage.n.01"),
    "backyard": entry(
        syn="back yard, yard",
        rel="grass, lawn, tree, swing, barbecue, fence, trampoline, garden",
        senses="backyard.n.01",
    ),
    "patio": entry(syn="terrace", rel="garden furniture, chair, table, potted plant, umbrella, barbecue"),
    "bakery": entry(
        syn="bakeshop",
        rel="bread, croissant, baguette, cake, cupcake, doughnut, pie, cookie, pretzel, pastry",
        senses="bakery.n.01",
    ),
    "cafe": entry(
        syn="coffee shop, coffeehouse", rel="coffee, cup of coffee, croissant, cake, table", senses="cafe.n.01"
    ),
    "supermarket": entry(
        syn="grocery store", rel="shopping cart, fruit, vegetable, groceries, shelf", senses="supermarket.n.01"
    ),
    "aquarium": entry(rel="fish, tropical fish, fish tank, shark, jellyfish, octopus, turtle"),
    "coral reef": entry(
        syn="reef",
        rel="coral, tropical fish, fish, sea turtle, octopus, shark, jellyfish, snorkeling, scuba diving",
    ),
    "underwater": entry(
        rel="fish, coral, tropical fish, shark, whale, dolphin, octopus, jellyfish, sea turtle, scuba diving, diver"
    ),
}
