"""Curated expansions: everyday things of home life that WordNet's senses misread.

Found by typing ordinary searches of a family photo library: "board games"
and "soccer game" searched game birds (WordNet's game is the hunted
animal), "bunny" a waitress in costume, "group photo" a chemical group
(halogen), "christmas lights" visible radiation, "pumpkin patch" a sunspot,
"home office" a company's headquarters and "street art" kitsch.
"""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    "game": entry(
        hypo="board game, video game, card game, ball game, chess",
        rel="dice, playing cards, game controller, players, ball",
    ),
    "board game": entry(hypo="chess, checkers, monopoly", rel="dice, game board, playing pieces, table"),
    "video game": entry(syn="computer game", rel="game controller, joystick, television, console, screen"),
    "bunny": entry(syn="rabbit, bunny rabbit", hypo="easter bunny", hyper="pet, animal", senses="bunny.n.02"),
    "present": entry(syn="gift, presents, gifts", rel="wrapping paper, ribbon, bow, christmas tree, birthday"),
    "group": entry(syn="group of people", rel="people, friends, crowd, team, family"),
    "group photo": entry(syn="group picture, group shot", rel="people, friends, family, crowd, team"),
    "christmas lights": entry(syn="fairy lights, string lights", rel="christmas tree, decorations, night, lights"),
    "firewood": entry(syn="fire wood", rel="logs, axe, fireplace, campfire, wood stove, woodpile"),
    "monstera": entry(syn="swiss cheese plant", hyper="houseplant, potted plant", rel="leaf, plant pot"),
    "sourdough": entry(syn="sourdough bread", hyper="bread", rel="loaf, bakery, baguette, flour, toast"),
    "pumpkin patch": entry(rel="pumpkins, pumpkin, farm, field, hay bale, autumn"),
    "northern lights": entry(syn="aurora, aurora borealis", rel="night sky, stars, snow, arctic"),
    "traffic jam": entry(syn="gridlock", rel="cars, traffic, highway, rush hour, congestion"),
    "home office": entry(rel="desk, laptop, computer, office chair, monitor, bookshelf"),
    "street food": entry(rel="food truck, food stall, tacos, hot dog, kebab, market, street vendor"),
    "street art": entry(syn="graffiti, mural", rel="wall, spray paint, painting"),
    "car interior": entry(rel="dashboard, steering wheel, car seat, seats"),
    "mum": entry(syn="mom, mother, mummy", hyper="parent", senses="ma.n.01"),
    "match": entry(
        hypo="football match, soccer match, tennis match",
        rel="players, stadium, ball, team, pitch, crowd",
        senses="match.n.01",  # the sports match first, then WordNet's matchstick ("a box of matches")
    ),
    "prom": entry(syn="school dance", rel="prom dress, tuxedo, corsage, limousine, dancing, couple"),
    "honeymoon": entry(rel="couple, newlyweds, beach, resort, hotel, sunset, travel"),
    "zoo": entry(
        syn="zoological garden",
        rel="elephant, giraffe, lion, monkey, zebra, penguin, tiger, animals, enclosure",
    ),
    "box": entry(
        syn="cardboard box", hypo="gift box, shoebox, crate, carton", rel="package, parcel", senses="box.n.01"
    ),
    # WordNet's concrete "work" is a product (a publication, a masterpiece); people mean their job.
    "work": entry(syn="working, job", rel="office, laptop, desk, computer, keyboard, meeting, workplace"),
    # "instrument" in a photo search is a musical one; WordNet's first is a device (a clock, a knife).
    "instrument": entry(
        syn="musical instrument",
        hypo="guitar, piano, violin, drum, trumpet, flute, saxophone, cello",
        rel="music, band, concert",
        senses="musical_instrument.n.01",
    ),
    "school supplies": entry(rel="pencil, backpack, notebook, scissors, crayons, ruler, eraser, stack of books"),
    "office supplies": entry(rel="stapler, paper clip, pencil, pen, scissors, notebook, envelope, tape"),
    "art supplies": entry(rel="paintbrush, paint, crayons, colored pencils, canvas, sketchbook, palette"),
    "night sky": entry(
        syn="starry sky", rel="stars, moon, crescent moon, full moon, milky way, shooting star, constellation"
    ),
    "wild cat": entry(syn="wildcat", hypo="lion, tiger, leopard, lynx, cheetah, jaguar, cougar, ocelot"),
    # WordNet's kitchen utensils are cookware and gadgets (a tea ball, a grater); people mean the spoons too.
    "kitchen utensil": entry(
        syn="cooking utensil",
        hypo="spoon, wooden spoon, spatula, whisk, ladle, kitchen knife, fork, tongs, chopsticks, rolling pin, pan",
        rel="kitchen, cutlery, cutting board",
    ),
}
