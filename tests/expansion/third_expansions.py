"""A third held-out set: 45 uncurated photo-search words, judged before any was run through the expander.

Written on 2026-11-30 after the fresh set (`fresh_expansions.py`) had been
read, and committed before the expander was asked about these words, to
judge changes to the WordNet rules made after that reading (the first: a
photo prior on senses). Words were chosen to cover animals, objects, food
and places evenly, not for their senses; three more (bat, crane, date) were
removed after writing, because their WordNet senses had been looked at
while thinking about the prior. Same format and rules as the other label
files: do not edit it to follow the system, and do not add these words to
the curated map.
"""

from __future__ import annotations

from tests.expansion.labelled_expansions import judgements

_ANIMALS = {
    "hippopotamus": "hippo, hippos, hippopotami, hippopotamuses, river horse, pygmy hippopotamus, pygmy hippo, "
    "even-toed ungulate, ungulate, mammal, animal, wild animal, wildlife, river, safari, africa",
    "rhinoceros": "rhino, rhinos, rhinoceroses, white rhinoceros, black rhinoceros, indian rhinoceros, "
    "white rhino, black rhino, odd-toed ungulate, ungulate, mammal, animal, wild animal, wildlife, safari, horn",
    "ant": "ants, emmet, pismire, worker ant, queen ant, fire ant, army ant, carpenter ant, leafcutter ant, "
    "red ant, black ant, insect, bug, animal, anthill, ant colony, colony",
    "snail": "snails, garden snail, sea snail, land snail, slug, escargot, gastropod, mollusk, mollusc, shell, "
    "snail shell, animal, garden",
    "ostrich": "ostriches, struthio camelus, emu, rhea, flightless bird, ratite, bird, animal, wildlife, "
    "safari, ostrich egg",
    "pelican": "pelicans, brown pelican, white pelican, seabird, sea bird, water bird, waterbird, bird, "
    "animal, wildlife, beak, pouch, coast",
    "raccoon": "raccoons, racoon, racoons, coon, procyonid, mammal, animal, wildlife, wild animal, "
    "masked bandit, trash can",
    "squid": "squids, calamari, calamary, giant squid, cuttlefish, octopus, cephalopod, mollusk, mollusc, "
    "sea creature, marine animal, animal, seafood",
    "lobster": "lobsters, maine lobster, american lobster, spiny lobster, rock lobster, crayfish, crawfish, "
    "crustacean, shellfish, seafood, sea creature, animal, claws, lobster tail",
    "moth": "moths, luna moth, atlas moth, hawk moth, hawkmoth, silkworm moth, gypsy moth, butterfly, "
    "lepidopteran, lepidopteron, insect, bug, animal, caterpillar, lamp",
}

_OBJECTS = {
    "bucket": "buckets, pail, pails, bucketful, tub, can, watering can, container, vessel, metal bucket, "
    "plastic bucket, water",
    "wallet": "wallets, billfold, pocketbook, purse, notecase, card case, money, cash, leather wallet, "
    "case, pouch",
    "boot": "boots, hiking boot, hiking boots, riding boot, cowboy boot, cowboy boots, rain boot, "
    "rain boots, wellington, wellingtons, galoshes, ankle boot, combat boot, ski boot, footwear, shoe, shoes",
    "anchor": "anchors, ship anchor, boat anchor, grapnel, kedge, mooring, ship, boat, harbor, harbour, chain, "
    "nautical",
    "rope": "ropes, cord, line, cable, twine, string, hawser, lasso, lariat, knot, noose, tether, coil, "
    "rigging, climbing rope",
    "bell": "bells, church bell, school bell, bell tower, belfry, carillon, chime, chimes, cowbell, doorbell, "
    "handbell, sleigh bell, jingle bell, gong",
    "crown": "crowns, diadem, tiara, coronet, royal crown, golden crown, jewels, king, queen, royalty, "
    "headdress",
    "sword": "swords, blade, sabre, saber, broadsword, katana, rapier, cutlass, scimitar, longsword, dagger, "
    "weapon, knight",
    "trophy": "trophies, cup, prize, award, medal, plaque, winner, championship, trophy cup",
    "globe": "globes, world, earth, terrestrial globe, world map, map, sphere, ball, planet",
    "lantern": "lanterns, lamp, paper lantern, chinese lantern, oil lamp, kerosene lamp, hurricane lamp, "
    "storm lantern, jack-o'-lantern, light, candle, lighting",
    "shovel": "shovels, spade, trowel, scoop, snow shovel, hand tool, tool, garden tool, digging, dirt",
}

_FOOD = {
    "cherry": "cherries, sweet cherry, sour cherry, black cherry, bing cherry, maraschino, cherry tree, "
    "cherry blossom, drupe, stone fruit, berry, fruit, edible fruit, produce",
    "peach": "peaches, nectarine, apricot, stone fruit, drupe, fruit, edible fruit, produce, peach tree",
    "mango": "mangoes, mangos, mango tree, tropical fruit, fruit, edible fruit, produce, mango slices",
    "coconut": "coconuts, coco, coconut palm, coconut tree, cocoanut, palm tree, coconut milk, coconut water, "
    "coconut shell, nut, fruit, edible fruit, tropical fruit, beach, tropics",
    "avocado": "avocados, alligator pear, avocado pear, aguacate, guacamole, avocado toast, fruit, "
    "edible fruit, produce, vegetable",
    "broccoli": "broccolis, broccoli rabe, broccolini, calabrese, cauliflower, cabbage, kale, brussels sprouts, "
    "cruciferous vegetable, green vegetable, vegetable, veggie, produce, greens",
    "cucumber": "cucumbers, cuke, gherkin, pickle, pickles, zucchini, courgette, squash, salad, vegetable, "
    "veggie, produce",
    "pepper": "peppers, bell pepper, sweet pepper, red pepper, green pepper, yellow pepper, chili, chilli, "
    "chili pepper, jalapeno, paprika, capsicum, cayenne, peppercorn, black pepper, pepper grinder, spice, "
    "vegetable, produce",
    "corn": "maize, sweet corn, corn on the cob, ear of corn, ear, cob, popcorn, cornfield, corn field, "
    "grain, cereal, crop, vegetable, produce, field",
    "onion": "onions, red onion, white onion, yellow onion, spring onion, green onion, scallion, shallot, "
    "leek, garlic, chive, chives, onion rings, bulb, vegetable, veggie, produce",
    "rice": "white rice, brown rice, fried rice, rice bowl, bowl of rice, basmati, jasmine rice, sushi rice, "
    "risotto, paddy, rice paddy, rice field, grain, cereal, starch, food, dish",
}

_PLACES = {
    "mosque": "mosques, masjid, minaret, dome, jami, place of worship, house of prayer, temple, church, "
    "religious building, building, islam, prayer hall",
    "bathroom": "bathrooms, washroom, restroom, lavatory, toilet, loo, wc, powder room, shower, bathtub, "
    "bath, tub, sink, washbasin, room, interior",
    "classroom": "classrooms, schoolroom, school room, lecture hall, lecture room, class, school, "
    "desks, blackboard, whiteboard, chalkboard, students, teacher, room, interior",
    "dam": "dams, dike, dyke, levee, weir, barrage, embankment, reservoir, hydroelectric dam, spillway, "
    "barrier, beaver dam, river, lake",
    "iceberg": "icebergs, berg, ice floe, floe, ice, glacier, ice sheet, arctic, antarctic, antarctica, "
    "polar, ocean, sea",
    "reef": "reefs, coral reef, barrier reef, coral, atoll, shoal, sandbar, lagoon, ocean, sea, underwater, "
    "tropical fish, snorkeling, diving",
    "swamp": "swamps, marsh, bog, fen, wetland, wetlands, marshland, swampland, mire, morass, bayou, "
    "mangrove, slough, quagmire, everglades",
    "stream": "streams, brook, creek, rivulet, rill, runnel, streamlet, watercourse, river, burn, beck, "
    "waterfall, rapids, forest",
    "pebble": "pebbles, stone, stones, rock, rocks, gravel, shingle, cobble, cobblestone, pebble beach, "
    "beach, river stone",
    "oak": "oaks, oak tree, oak trees, white oak, red oak, live oak, english oak, cork oak, acorn, acorns, "
    "tree, trees, hardwood, forest, oak leaves, oak wood",
    "maple": "maples, maple tree, maple trees, red maple, sugar maple, japanese maple, silver maple, "
    "maple leaf, maple leaves, autumn leaves, fall foliage, tree, trees, hardwood",
    "tulip": "tulips, tulip field, tulip bulb, flower, flowers, bloom, blossom, spring flower, bulb, "
    "plant, garden, flowerbed",
}

THIRD_ACCEPTABLE = judgements(_ANIMALS, _OBJECTS, _FOOD, _PLACES)
THIRD_KNOWN_BAD = judgements({
    "crown": "crown of the head, top, pate, crest, dental crown, cap, crownwork, jacket crown, crown lens",
    "boot": "bootleg, kick, trunk, boot camp, rubber",
    "bell": "bell shape, toll, doorbell push",
    "pepper": "pepper spray",
    "stream": "flow, current, streaming",
    "globe": "eyeball",
    "corn": "clavus, callus, corniness",
})
