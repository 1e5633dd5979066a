"""Curated expansions: everyday activities as people type them ("grilling", "blowing bubbles", "hugging").

A verb this map does not know as an activity reaches the expander as typed ("grilling", "climbing"), and
WordNet gave most such gerunds no terms at all: "grilling", "jogging", "hugging", "vacuuming" and
"skateboarding" searched nothing. Others were read by their object in another sense: "opening presents"
searched a gap or hole, "clinking glasses" eyeglasses, "painting nails" carpet tacks, "washing dishes" a
boat and pizza, "playing chess" cheat grass. Keys are what the parser produces: the gerund as typed, a
verb with its object where the object alone misleads (the last word as its lemma: "blowing bubble" is
reached by "blowing bubbles"), and the object where the activity is only its object ("snowman").
Each entry lists what a photo of the activity shows, most telling first.
"""

from __future__ import annotations

from expansion_svc.core.curated import entry

_CLIMB = entry(rel="climber, rope, harness, cliff, mountain, climbing wall, tree")
_HUG = entry(rel="couple, arms, friends, family, mother, child")
_KISS = entry(rel="couple, lips, bride, groom, cheek")
_WATER_PLANTS = entry(rel="watering can, plants, flower pot, houseplant, flowers, garden")
_MOW = entry(rel="lawn mower, lawn, grass, yard, garden")

ENTRIES = {
    # Outdoor chores and the garden.
    "grilling": entry(rel="grill, barbecue, burgers, sausages, tongs, charcoal, backyard"),
    "planting": entry(rel="seedling, soil, shovel, flower pot, garden, trowel, gloves"),
    "watering": entry(rel="watering can, garden hose, plants, flowers, sprinkler, garden"),
    # With an object after it the parser reads the verb ("water", "plant": the sea, a houseplant) unless the
    # phrase is a key of its own.
    "watering the plant": _WATER_PLANTS,
    "watering plant": _WATER_PLANTS,
    "watering the garden": entry(rel="garden hose, watering can, sprinkler, flowers, lawn, plants"),
    "planting a tree": entry(rel="sapling, shovel, soil, tree, gloves, seedling"),
    "mowing": _MOW,
    "mow": _MOW,
    "raking": entry(rel="rake, autumn leaves, leaves, yard, lawn"),
    "shoveling": entry(rel="snow shovel, shovel, snow, driveway, sidewalk"),
    # Chores in the house.
    "wash": entry(rel="soap, water, sponge, bucket, towel, sink"),
    "ironing": entry(rel="iron, ironing board, shirt, clothes, laundry basket"),
    "vacuuming": entry(rel="vacuum cleaner, carpet, floor, rug, living room"),
    "cleaning": entry(rel="mop, bucket, sponge, broom, spray bottle, rubber gloves, duster"),
    "dusting": entry(rel="feather duster, duster, cloth, shelf, furniture"),
    "painting nail": entry(rel="nail polish, fingernails, hands, manicure, nail file"),
    "fix": entry(rel="wrench, screwdriver, toolbox, hammer, workbench, pliers"),
    # Making things and quiet pastimes.
    "paint": entry(rel="paintbrush, canvas, easel, palette, paint roller, artist"),
    "draw": entry(rel="pencil, sketchbook, paper, crayons, sketch, drawing"),
    "write": entry(rel="pen, paper, notebook, desk, letter, handwriting"),
    "homework": entry(rel="notebook, textbook, pencil, desk, student, worksheet"),
    "crocheting": entry(rel="crochet hook, yarn, blanket, wool, scarf"),
    "meditating": entry(rel="meditation, cushion, lotus position, candles, yoga mat"),
    "napping": entry(rel="couch, pillow, blanket, hammock, bed, cat, baby"),
    "juggling": entry(rel="juggler, balls, clubs, street performer, circus"),
    "busking": entry(rel="street performer, guitar, guitar case, street, coins, crowd"),
    "singing": entry(rel="microphone, singer, choir, stage, sheet music, karaoke"),
    "drinking": entry(rel="glass, cup, mug, bottle, straw, bar"),
    "chess": entry(rel="chessboard, chess pieces, king, pawn, knight, table"),
    "golf": entry(rel="golf club, golf ball, golf course, golfer, green, golf cart, tee"),
    # Affection.
    "hugging": _HUG,
    "hug": _HUG,
    "kissing": _KISS,
    "kiss": _KISS,
    "cuddling": entry(rel="couple, blanket, couch, baby, puppy, bed"),
    "holding hand": entry(rel="hands, couple, fingers, child, wedding ring, beach"),
    "tickling": entry(rel="child, baby, feet, feather, parent"),
    # Celebrations.
    "celebrating": entry(rel="confetti, champagne, balloons, cake, fireworks, party hat"),
    "toasting": entry(rel="champagne glass, wine glass, champagne, glasses, bride, groom"),
    "clinking glasses": entry(rel="champagne glass, wine glass, champagne, wine, beer mug, friends"),
    "cheering": entry(rel="crowd, fans, stadium, flags, cheerleader, pom-pom"),
    "cheerleading": entry(rel="cheerleader, pom-pom, uniform, stadium, pyramid, megaphone"),
    "opening present": entry(rel="presents, wrapping paper, ribbon, bow, christmas tree, children, box"),
    "decorating the tree": entry(rel="christmas tree, ornaments, tinsel, christmas lights, garland, star"),
    # Childhood play.
    "blowing bubble": entry(rel="soap bubble, bubble wand, bubbles, child, garden, park"),
    "snowman": entry(rel="snow, carrot, scarf, top hat, mittens, coal, child"),
    "sandcastle": entry(rel="sand, beach, bucket, spade, moat, child, seashells"),
    "puddle": entry(rel="rain boots, raincoat, rain, water, reflection, splash"),
    "trampoline": entry(rel="backyard, net, springs, children, garden"),
    "swinging": entry(rel="swing, playground, child, swing set, tree, rope"),
    "hula hooping": entry(rel="hula hoop, hoop, child, park, backyard"),
    "hopscotch": entry(rel="chalk, sidewalk, child, pavement, squares"),
    "hide and seek": entry(rel="children, tree, curtain, closet, garden, playground"),
    "tug of war": entry(rel="rope, team, grass, field, children, mud"),
    "sack race": entry(rel="sack, children, grass, field, finish line"),
    "pillow fight": entry(rel="pillows, feathers, bed, children, bedroom, sleepover"),
    "face painting": entry(rel="face paint, paintbrush, child, butterfly, tiger, festival"),
    "finger painting": entry(rel="paint, paper, hands, child, fingers, apron"),
    "roasting marshmallow": entry(rel="marshmallows, campfire, stick, fire, s'mores, night"),
    "s'mores": entry(rel="marshmallow, graham cracker, chocolate, campfire, stick"),
    "skipping stone": entry(rel="pebble, lake, river, shore, water, ripples"),
    "collecting shell": entry(rel="seashells, beach, sand, bucket, shore, child"),
    "beachcombing": entry(rel="seashells, beach, driftwood, sand, shore, sea glass"),
    "pinata": entry(rel="candy, stick, blindfold, birthday party, children, paper"),
    # Sports and exercise.
    "jogging": entry(rel="jogger, running shoes, path, park, headphones, sportswear"),
    "cycling": entry(rel="bicycle, cyclist, helmet, road, bike path, jersey"),
    "climbing": _CLIMB,
    "climb": _CLIMB,
    "hunting": entry(rel="hunter, rifle, deer, camouflage, forest, hunting dog, bow"),
    "working out": entry(rel="gym, dumbbell, barbell, treadmill, yoga mat, sweat, towel"),
    "weightlifting": entry(rel="barbell, dumbbell, weights, gym, bench, weightlifter"),
    "stretching": entry(rel="yoga mat, legs, arms, gym, park, athlete"),
    "gymnastics": entry(rel="gymnast, balance beam, rings, leotard, mat, uneven bars"),
    "boxing": entry(rel="boxing gloves, boxing ring, boxer, punching bag, ropes"),
    "archery": entry(rel="bow, arrow, target, quiver, archer, field"),
    "diving": entry(rel="diving board, diver, swimming pool, water, splash, cliff"),
    "volleyball": entry(rel="volleyball net, ball, beach, players, sand, court"),
    "skateboarding": entry(rel="skateboard, skate park, skateboarder, ramp, helmet"),
    "rollerblading": entry(rel="rollerblade, roller skates, helmet, knee pads, boardwalk, park"),
    "rowing": entry(rel="rowboat, oars, river, lake, rowing boat, team"),
    "rafting": entry(rel="raft, paddle, rapids, river, helmet, life jacket"),
    "white water rafting": entry(rel="raft, rapids, paddle, river, helmet, life jacket"),
    "paddleboarding": entry(rel="paddle board, paddle, lake, ocean, wet suit"),
    "bodyboarding": entry(rel="boogie board, waves, beach, wet suit, ocean"),
    "windsurfing": entry(rel="sail, board, waves, ocean, wet suit, beach"),
    "kitesurfing": entry(rel="kite, board, waves, ocean, wet suit, beach"),
    "waterskiing": entry(rel="water skis, motorboat, lake, tow rope, spray, life jacket"),
    "ice skating": entry(rel="ice skates, ice rink, skater, frozen lake, scarf, mittens"),
    "ice fishing": entry(rel="frozen lake, ice, fishing rod, hole, auger, snow"),
    "fly fishing": entry(rel="fishing rod, river, waders, fly, trout, stream"),
    "skydiving": entry(rel="parachute, skydiver, airplane, sky, goggles, clouds"),
    "paragliding": entry(rel="wing, parachute, sky, mountain, harness, clouds"),
    "parasailing": entry(rel="parachute, motorboat, ocean, beach, harness, sky"),
    "bungee jumping": entry(rel="bungee cord, bridge, harness, canyon, river"),
    "ziplining": entry(rel="zip line, harness, helmet, forest, cable, trees"),
    "snowshoeing": entry(rel="snowshoes, snow, forest, poles, trail, mountain"),
    "tobogganing": entry(rel="toboggan, sled, snow, hill, children, mittens"),
    "caving": entry(rel="cave, headlamp, helmet, stalactites, rope, rocks"),
    "hitchhiking": entry(rel="roadside, thumb, backpack, road, sign, car"),
}
