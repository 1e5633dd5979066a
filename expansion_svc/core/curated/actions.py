"""Curated expansions: everyday actions (verbs as their lemmas: "baking" -> "bake") and what their photos show."""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    # In the kitchen and at the table.
    "knead": entry(syn="kneading", rel="dough, flour, bread, rolling pin, wooden board, hands"),
    "chop": entry(syn="chopping", rel="cutting board, knife, vegetables, axe, firewood, logs"),
    "taste": entry(syn="tasting", rel="spoon, wine glass, plate, samples, cheese, chef, tasting menu"),
    "pour": entry(syn="pouring", rel="pitcher, glass, coffee, wine, jug, teapot, cup"),
    "dine": entry(syn="dining, dining out", rel="restaurant, dining table, plates, wine glass, waiter, candles, menu"),
    "unwrap": entry(
        syn="unwrapping, opening presents", rel="presents, wrapping paper, ribbon, gift box, christmas tree, bow"
    ),
    "decorate": entry(
        syn="decorating", rel="decorations, ornaments, christmas tree, balloons, streamers, garland, icing"
    ),
    "celebrate": entry(
        syn="celebrating, celebration", rel="confetti, champagne, balloons, cake, party hat, fireworks, streamers"
    ),
    "fold": entry(syn="folding", rel="laundry, clothes, towels, laundry basket, origami, paper"),
    # Chores and work about the house.
    "clean": entry(syn="cleaning", rel="mop, bucket, broom, vacuum cleaner, sponge, spray bottle, rubber gloves"),
    "sweep": entry(syn="sweeping", rel="broom, dustpan, floor, leaves, porch"),
    "tidy": entry(syn="tidying, tidying up, decluttering", rel="toy box, shelves, storage boxes, closet, basket"),
    "dig": entry(syn="digging", rel="shovel, spade, dirt, hole, soil, sand, bucket"),
    "pick": entry(syn="picking", rel="basket, flowers, berries, apples, orchard, strawberries"),
    "forage": entry(syn="foraging", rel="mushrooms, basket, forest, berries, wild garlic, knife"),
    "recycle": entry(syn="recycling", rel="recycling bin, plastic bottles, cans, cardboard, glass bottles, bags"),
    "unpack": entry(syn="unpacking", rel="cardboard box, suitcase, packing tape, boxes, clothes, new house"),
    "repair": entry(
        syn="repairing, fixing, mending", rel="wrench, screwdriver, toolbox, pliers, mechanic, workbench, tools"
    ),
    "build": entry(
        syn="constructing", rel="building blocks, lego, sandcastle, hammer, nails, wood, scaffolding, toolbox"
    ),
    "assemble": entry(
        syn="assembling", rel="flat-pack furniture, screwdriver, allen key, instructions, screws, cardboard box"
    ),
    "weld": entry(syn="welding", rel="welding mask, sparks, welding torch, metal, welder, gloves"),
    "carve": entry(syn="carving", rel="knife, pumpkin, wood, chisel, wood shavings, roast turkey"),
    "sculpt": entry(syn="sculpting", rel="clay, sculpture, chisel, marble, sculptor, modeling tools"),
    "whittle": entry(syn="whittling", rel="pocket knife, wood, wood shavings, stick, carving knife"),
    # Crafts and creative pastimes.
    "knit": entry(syn="knitting", rel="yarn, knitting needles, wool, scarf, sweater, ball of yarn"),
    "crochet": entry(syn="crocheting", rel="yarn, crochet hook, blanket, granny square, doily, wool"),
    "sew": entry(
        syn="sewing", rel="sewing machine, needle, thread, fabric, scissors, pincushion, tape measure, pattern"
    ),
    "embroider": entry(syn="embroidering, embroidery", rel="embroidery hoop, thread, needle, fabric, floss"),
    "read": entry(
        syn="reading", rel="book, newspaper, magazine, reading glasses, armchair, library, bookshelf, e-reader"
    ),
    "study": entry(syn="studying", rel="books, notebook, desk, laptop, library, textbook, pen, highlighter"),
    "teach": entry(syn="teaching", rel="teacher, classroom, blackboard, students, whiteboard, desk"),
    "listen": entry(syn="listening", rel="headphones, earbuds, record player, speaker, radio, vinyl record"),
    "perform": entry(syn="performing", rel="stage, audience, spotlight, microphone, costume, curtain, performer"),
    "rehearse": entry(syn="rehearsing, rehearsal", rel="stage, script, sheet music, music stand, dancers, studio"),
    "speak": entry(syn="speaking, public speaking", rel="microphone, podium, stage, audience, speaker, lectern"),
    "juggle": entry(syn="juggling", rel="juggling balls, juggler, juggling clubs, circus, street performer"),
    "pose": entry(syn="posing", rel="camera, photographer, model, studio, backdrop, mirror"),
    # Body care and rest.
    "brush": entry(syn="brushing", rel="toothbrush, toothpaste, hairbrush, sink, bathroom mirror, comb"),
    "bathe": entry(syn="bathing, bath time", rel="bathtub, bubbles, rubber duck, towel, bath toys, baby"),
    "shave": entry(syn="shaving", rel="razor, shaving cream, mirror, sink, beard, bathroom, shaving brush"),
    "relax": entry(
        syn="relaxing, unwinding, chilling", rel="hammock, couch, deck chair, blanket, book, pool, bathtub, tea"
    ),
    "meditate": entry(syn="meditating, meditation", rel="yoga mat, cushion, candles, lotus position, incense"),
    "stretch": entry(syn="stretching", rel="yoga mat, gym, athlete, park, leggings"),
    "exercise": entry(
        syn="exercising, working out, workout",
        rel="gym, dumbbells, yoga mat, treadmill, sneakers, water bottle, barbell",
    ),
    "yawn": entry(syn="yawning", rel="open mouth, bed, pillow, baby, cat, pajamas"),
    # Family, babies and feelings.
    "feed": entry(syn="feeding", rel="baby bottle, high chair, spoon, bird feeder, bread, ducks, bowl"),
    "breastfeed": entry(syn="breastfeeding, nursing", rel="baby, mother, nursing pillow, armchair, blanket"),
    "babysit": entry(syn="babysitting", rel="baby, toddler, toys, babysitter, stroller, playroom"),
    "cuddle": entry(syn="cuddling, snuggling", rel="blanket, couch, baby, puppy, couple, teddy bear"),
    "marry": entry(
        syn="marrying, getting married", rel="bride, groom, wedding dress, wedding ring, altar, bouquet, veil"
    ),
    "propose": entry(
        syn="proposing, marriage proposal", rel="engagement ring, ring box, couple, flowers, sunset, candles"
    ),
    "laugh": entry(syn="laughing, laughter", rel="smile, friends, children, open mouth, tears"),
    "smile": entry(syn="smiling", rel="face, teeth, portrait, child, friends"),
    "cry": entry(syn="crying, weeping", rel="tears, tissues, baby, face, toddler"),
    "clap": entry(syn="clapping, applause", rel="hands, audience, crowd, stage, stadium"),
    "cheer": entry(syn="cheering", rel="crowd, fans, stadium, pompoms, cheerleader, raised arms, scarf"),
    "win": entry(syn="winning, victory", rel="trophy, medal, podium, confetti, champion, finish line"),
    "pray": entry(syn="praying, prayer", rel="folded hands, church, rosary, prayer mat, candles, altar, mosque"),
    "vote": entry(syn="voting", rel="ballot box, ballot, voting booth, polling station, voter sticker, queue"),
    "wait": entry(syn="waiting", rel="bench, waiting room, bus stop, platform, queue, clock, chair"),
    "carry": entry(syn="carrying", rel="shopping bags, baby carrier, backpack, box, shoulders, basket"),
    "push": entry(syn="pushing", rel="stroller, wheelbarrow, swing, shopping cart, wheelchair"),
    "tickle": entry(syn="tickling", rel="baby, child, feet, toddler, feather, parent"),
    "greet": entry(syn="greeting", rel="handshake, hug, doorway, guests, airport arrivals, welcome sign"),
    "chat": entry(syn="chatting, talking", rel="coffee, cafe, friends, phone, bench, kitchen table"),
    "worship": entry(syn="worshipping", rel="church, altar, congregation, hymnal, candles, temple, mosque"),
    "donate": entry(syn="donating, donation", rel="donation box, food bank, canned food, blood bag, volunteers"),
    "salute": entry(syn="saluting", rel="soldier, flag, uniform, veteran, military parade"),
    # Errands and getting around.
    "pay": entry(syn="paying", rel="cash register, credit card, cash, card reader, wallet, receipt"),
    "sell": entry(syn="selling", rel="market stall, price tag, cash register, vendor, counter, customers"),
    "drive": entry(syn="driving", rel="car, steering wheel, road, driver, dashboard, highway, windshield"),
    "hitchhike": entry(syn="hitchhiking", rel="thumb, road, backpack, cardboard sign, car, roadside"),
    "cycle": entry(
        syn="cycling, biking",
        hypo="mountain biking, road cycling",
        rel="bicycle, cyclist, helmet, bike path, road, mountain bike",
    ),
    "explore": entry(syn="exploring", rel="map, trail, cave, forest, backpack, compass, ruins"),
    "pull": entry(syn="pulling", rel="wagon, rope, sled, tug of war, cart, leash"),
    # Sport and play outdoors.
    "kick": entry(syn="kicking", rel="soccer ball, ball, goal, leaves, martial arts"),
    "throw": entry(syn="throwing", rel="ball, frisbee, snowball, baseball, pitcher, javelin"),
    "fetch": entry(syn="playing fetch", rel="dog, ball, tennis ball, stick, frisbee, park"),
    "wrestle": entry(syn="wrestling", rel="wrestling mat, wrestlers, wrestling ring, singlet, referee"),
    "skate": entry(
        syn="skating",
        hypo="ice skating, roller skating, skateboarding",
        rel="ice skates, ice rink, roller skates, skateboard, skate park, helmet",
    ),
    "sled": entry(syn="sledding, sledging, tobogganing", rel="sled, snow, hill, toboggan, snowsuit, mittens"),
    "dive": entry(syn="diving", rel="diving board, swimming pool, diver, mask, underwater, cliff"),
    "splash": entry(syn="splashing", rel="puddle, water, rain boots, droplets, swimming pool, waves"),
    "wade": entry(syn="wading", rel="stream, river, rubber boots, shallow water, waders, shore"),
    "hunt": entry(syn="hunting", rel="rifle, deer, camouflage, forest, hunter, bow, hunting dog"),
    "skydive": entry(syn="skydiving, parachuting", rel="parachute, plane, sky, jumpsuit, goggles, harness"),
}
