"""A second held-out set: 56 uncurated photo-search words, judged before any was run through the expander.

Written on 2026-11-30 and committed before the expander was ever asked
about these words, so it measures the WordNet path (the rules that serve
every word the curated map does not cover) on words nobody tuned on. The
first held-out set (`heldout_expansions.py`) has been read while working on
the expander since; this one keeps an unbiased estimate for changes to the
WordNet rules. Do not edit it to follow the system, and do not add these
words to the curated map (that would move them off the path it measures).

Same format as the other label files: query -> comma-separated acceptable
terms (kinds, everyday synonyms, categories that still describe the photo,
plurals, things nearly always in such a photo); `FRESH_KNOWN_BAD` lists
senses that would put wrong photos in front of the user.
"""

from __future__ import annotations

from tests.expansion.labelled_expansions import judgements

_ANIMALS = {
    "camel": "camels, dromedary, arabian camel, bactrian camel, one-humped camel, two-humped camel, camel caravan, "
    "ruminant, even-toed ungulate, ungulate, mammal, animal, livestock, desert animal, desert, sand dunes, "
    "llama, alpaca, guanaco, vicuna",
    "gorilla": "gorillas, silverback, mountain gorilla, lowland gorilla, western gorilla, eastern gorilla, "
    "great ape, ape, anthropoid ape, primate, mammal, animal, wild animal, wildlife, chimpanzee, orangutan, "
    "gorilla gorilla, jungle, rainforest",
    "kangaroo": "kangaroos, wallaby, red kangaroo, gray kangaroo, grey kangaroo, joey, wallaroo, tree kangaroo, "
    "marsupial, macropod, mammal, animal, wild animal, wildlife, australia, outback, koala",
    "koala": "koalas, koala bear, kangaroo bear, native bear, phascolarctos cinereus, marsupial, mammal, animal, "
    "wild animal, wildlife, eucalyptus, australia, joey",
    "octopus": "octopuses, octopi, devilfish, giant octopus, common octopus, squid, cuttlefish, cephalopod, "
    "mollusk, mollusc, sea creature, marine animal, animal, tentacles, ocean, sea",
    "jellyfish": "jellyfishes, jelly, medusa, sea jelly, box jellyfish, moon jellyfish, portuguese man-of-war, "
    "man-of-war, sea nettle, coelenterate, cnidarian, sea creature, marine animal, animal, ocean, sea",
    "ladybug": "ladybugs, ladybird, ladybird beetle, lady beetle, ladybeetle, beetle, insect, bug, animal, "
    "leaf, garden",
    "lizard": "lizards, gecko, iguana, chameleon, monitor lizard, komodo dragon, skink, anole, bearded dragon, "
    "horned lizard, saurian, reptile, animal, wildlife",
    "crocodile": "crocodiles, crocodilian, alligator, caiman, cayman, gharial, gavial, nile crocodile, "
    "saltwater crocodile, croc, reptile, animal, wild animal, wildlife, river, swamp",
    "flamingo": "flamingos, flamingoes, pink flamingo, wading bird, wader, bird, animal, wildlife, flock, lagoon, "
    "lake",
    "peacock": "peacocks, peafowl, peahen, peachick, indian peafowl, pavo cristatus, bird, pheasant, animal, "
    "tail feathers, feathers, plumage",
    "hedgehog": "hedgehogs, hoglet, european hedgehog, erinaceus europaeus, porcupine, insectivore, mammal, "
    "animal, wildlife, pet, spines, quills",
    "otter": "otters, sea otter, river otter, giant otter, musteline mammal, mustelid, mammal, animal, "
    "wildlife, river, beaver",
    "seal": "seals, earless seal, eared seal, harbor seal, harbour seal, elephant seal, fur seal, grey seal, "
    "gray seal, monk seal, sea lion, walrus, pinniped, marine mammal, mammal, animal, wildlife, seal pup, pup, "
    "beach, ice",
    "hamster": "hamsters, golden hamster, syrian hamster, dwarf hamster, rodent, gnawer, mammal, animal, pet, "
    "guinea pig, gerbil, mouse, hamster cage",
}

_OBJECTS = {
    "backpack": "backpacks, knapsack, rucksack, packsack, haversack, daypack, school bag, schoolbag, bag, "
    "pack, bookbag, hiking backpack, luggage, hiker",
    "suitcase": "suitcases, luggage, baggage, bag, travel bag, trolley case, carry-on, valise, trunk, case, "
    "bags, airport, travel",
    "mirror": "mirrors, looking glass, glass, reflection, wall mirror, hand mirror, rearview mirror, "
    "rear-view mirror, vanity mirror, full-length mirror, bathroom mirror, reflector",
    "drum": "drums, drum kit, drum set, drumkit, snare drum, bass drum, kettledrum, timpani, tom-tom, bongo, "
    "bongos, conga, tambourine, percussion, percussion instrument, musical instrument, instrument, drummer, "
    "drumsticks",
    "skateboard": "skateboards, skateboarding, skateboarder, skater, longboard, deck, board, skate park, "
    "skatepark",
    "ladder": "ladders, stepladder, step ladder, rope ladder, extension ladder, rungs, steps, stairs",
    "basket": "baskets, wicker basket, picnic basket, laundry basket, shopping basket, hamper, basketry, "
    "container, wicker, fruit basket, bread basket, breadbasket",
    "vase": "vases, flower vase, urn, jar, vessel, pot, jug, flowers, bouquet, ceramic, pottery",
    "teapot": "teapots, tea pot, kettle, pot, tea set, teacup, tea, pitcher, jug, vessel, china",
    "scissors": "scissor, shears, pair of scissors, clippers, snips, cutting tool, cutter, edge tool, tool",
    "key": "keys, house key, door key, car key, skeleton key, latchkey, passkey, master key, key ring, keyring, "
    "bunch of keys, lock, keyhole, padlock",
    "glove": "gloves, mitten, mittens, mitt, baseball glove, boxing glove, rubber glove, leather glove, "
    "work glove, gauntlet, handwear, hand, clothing",
    "scarf": "scarves, scarfs, muffler, shawl, neckerchief, bandana, headscarf, kerchief, stole, wrap, "
    "neckwear, clothing, accessory, winter clothing",
}

_FOOD = {
    "grape": "grapes, bunch of grapes, red grapes, green grapes, white grapes, black grapes, wine grape, "
    "table grape, seedless grape, raisin, vine, grapevine, vineyard, berry, fruit, edible fruit",
    "pineapple": "pineapples, ananas, tropical fruit, fruit, edible fruit, pineapple slices, produce",
    "watermelon": "watermelons, melon, watermelon slice, slice of watermelon, cantaloupe, honeydew, fruit, "
    "edible fruit, summer fruit, produce",
    "lemon": "lemons, lime, citrus, citrus fruit, lemon slice, lemon wedge, fruit, edible fruit, produce, "
    "lemonade, yellow",
    "carrot": "carrots, baby carrot, root vegetable, vegetable, veggie, produce, root",
    "potato": "potatoes, spud, white potato, sweet potato, baked potato, mashed potatoes, french fries, fries, "
    "chips, new potato, root vegetable, vegetable, produce, tuber, starches",
    "donut": "donuts, doughnut, doughnuts, cruller, glazed donut, jelly doughnut, bismark, fried cake, pastry, "
    "cake, dessert, sweet, snack, bakery",
    "pie": "pies, apple pie, cherry pie, pumpkin pie, pecan pie, blueberry pie, tart, pastry, quiche, "
    "pot pie, meat pie, dessert, baked goods",
    "pancake": "pancakes, flapjack, flapjacks, hotcake, hotcakes, griddlecake, griddle cake, battercake, crepe, "
    "crepes, blini, waffle, stack of pancakes, breakfast, syrup, maple syrup, cake",
    "noodles": "noodle, pasta, ramen, udon, soba, rice noodles, egg noodles, lo mein, chow mein, spaghetti, "
    "vermicelli, pad thai, noodle soup, dish, food, bowl",
    "honey": "honeycomb, comb honey, honey jar, honey pot, honey dipper, beeswax, bee, bees, syrup, "
    "sweetener, nectar",
}

_PLACES = {
    "tower": "towers, clock tower, bell tower, belfry, church tower, watchtower, lookout tower, water tower, "
    "observation tower, skyscraper, high-rise, spire, minaret, turret, steeple, campanile, structure, building",
    "temple": "temples, shrine, pagoda, place of worship, sanctuary, church, mosque, synagogue, buddhist temple, "
    "hindu temple, greek temple, tabernacle, building, religious building, ruins",
    "harbor": "harbors, harbour, harbours, port, seaport, haven, marina, dock, docks, wharf, quay, pier, "
    "boats, ships, waterfront, anchorage, seaside, coast",
    "pier": "piers, wharf, jetty, dock, quay, boardwalk, pontoon, landing stage, landing, harbor, harbour, "
    "marina, seaside, waterfront",
    "library": "libraries, bookshelf, bookshelves, bookcase, books, reading room, public library, "
    "study, archive, bookstore",
    "tunnel": "tunnels, underpass, subway, railway tunnel, road tunnel, mine, passageway, passage, tube, "
    "underground",
    "fountain": "fountains, water fountain, drinking fountain, jet, spray, water feature, fountainhead, "
    "plaza, park, pond",
    "windmill": "windmills, wind turbine, wind farm, mill, grist mill, gristmill, dutch windmill, "
    "structure, building",
    "glacier": "glaciers, ice field, icefield, ice sheet, ice cap, iceberg, snowfield, ice, mountain, "
    "valley glacier, arctic, polar",
    "cliff": "cliffs, bluff, precipice, escarpment, crag, rock face, cliff face, sea cliff, drop, "
    "rock, ledge, coast, canyon",
    "meadow": "meadows, field, grassland, pasture, prairie, lea, ley, hayfield, wildflowers, grass, "
    "green field, countryside, landscape",
    "pond": "ponds, pool, lake, millpond, fishpond, duck pond, lily pond, puddle, water, garden pond, "
    "body of water",
    "moss": "mosses, bryophyte, lichen, sphagnum, peat moss, moss-covered, mossy, forest floor, rock, "
    "green, plant",
    "fern": "ferns, bracken, maidenhair, fiddlehead, frond, tree fern, pteridophyte, plant, forest floor, "
    "green, greenery, foliage",
    "sunflower": "sunflowers, helianthus, sunflower field, sunflower seeds, flower, bloom, blossom, "
    "plant, yellow flower, field",
    "orchid": "orchids, orchidaceous plant, moth orchid, phalaenopsis, cattleya, vanilla, dendrobium, "
    "cymbidium, flower, bloom, blossom, plant, houseplant, tropical flower",
    "palm": "palms, palm tree, palm trees, coconut palm, coconut tree, date palm, cocos nucifera, fan palm, "
    "royal palm, tree, tropical tree, beach, tropics, island",
}

FRESH_ACCEPTABLE = judgements(_ANIMALS, _OBJECTS, _FOOD, _PLACES)
FRESH_KNOWN_BAD = judgements({
    "seal": "stamp, sealing wax, seal of approval, navy seal, signet, gasket, sealskin, cachet, waterproofing",
    "key": "key signature, tonality, cay, florida key, keystone, legend, samara, winged fruit, computer key",
    "drum": "drumfish, barrel, cylinder, oil drum, brake drum, eardrum",
    "temple": "temporal lobe, side of the head",
    "pier": "wharf pile, pillar, column, support",
    "pie": "pie chart",
    "lemon": "stinker, bad car, lemon-yellow, lemonwood",
    "honey": "beloved, dear, dearest, love, sweetheart, darling",
    "tower": "tower of strength",
    "palm": "palm of the hand, thenar, handbreadth, laurel, medal, decoration",
    "mirror": "mirror image",
    "pancake": "pancake turn",
    "crocodile": "line of people",
    "basket": "basketball hoop, field goal, hoop, goal",
})
