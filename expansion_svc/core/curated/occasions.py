"""Curated expansions: holidays, outings, moments of the day and pastimes, and the weather words the rest lack.

People search their own photos by the occasion ("easter", "game night",
"road trip", "bath time") far more than by the objects in them, and an
occasion has no single head word a model could match: what it shows is a
set of things (eggs and a bunny, a board game and dice, a car on a highway).
Without these entries WordNet read "easter" as an east wind, "spring break"
as a geological fault and "rush hour" as a marsh plant.
"""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    # Holidays and celebrations.
    "easter": entry(
        hyper="holiday",
        rel="easter egg, easter bunny, rabbit, painted eggs, chocolate egg, basket, chick, spring flowers",
    ),
    "thanksgiving": entry(
        hyper="holiday", rel="turkey, roast turkey, pumpkin pie, family dinner, autumn leaves, corn, table"
    ),
    "new year": entry(
        syn="new year's eve, new year's day", rel="fireworks, champagne, party, confetti, clock, countdown"
    ),
    "mother's day": entry(rel="mother, flowers, bouquet, card, breakfast in bed, family"),
    "father's day": entry(rel="father, card, gift, barbecue, family"),
    "valentine's day": entry(rel="heart, red rose, roses, chocolate, love letter, couple, candles, flowers"),
    "baby shower": entry(hyper="party", rel="baby, gifts, balloons, cake, diaper cake, baby clothes"),
    "pool party": entry(hyper="party", rel="swimming pool, pool, float, beach ball, swimsuit, sunshine, drinks"),
    "garden party": entry(hyper="party", rel="garden, lawn, tea, table, flowers, lanterns, tent"),
    "tea party": entry(hyper="party", rel="tea, teapot, teacup, cake, cupcake, cookies, sandwiches"),
    "sleepover": entry(syn="slumber party", rel="pajamas, sleeping bag, pillow, popcorn, movie, pillow fight"),
    # Evenings and outings.
    "game night": entry(rel="board game, playing cards, dice, video game, game controller, chess, puzzle"),
    "date night": entry(rel="couple, candles, wine, restaurant, dinner, roses, cinema"),
    "night out": entry(rel="bar, nightclub, cocktail, dancing, friends, city lights, concert"),
    "happy hour": entry(rel="beer, cocktail, wine, bar, drinks, friends"),
    "road trip": entry(hyper="trip, travel", rel="car, highway, road, map, van, camper, luggage, gas station"),
    "spring break": entry(hyper="vacation", rel="beach, party, swimming pool, sunshine, palm tree"),
    "brunch": entry(hyper="meal", rel="pancakes, eggs, bacon, coffee, croissant, waffles, orange juice"),
    "barbecue": entry(
        syn="bbq, cookout, grill",
        rel="grill, sausages, burgers, steak, meat, ribs, smoke, garden",
        senses="barbecue.n.01",
    ),
    # Moments of the day.
    "bath": entry(
        syn="bathing",
        hypo="bubble bath",
        rel="bathtub, bathroom, rubber duck, soap, bubbles, towel",
        senses="bath.n.01, bathtub.n.01",
    ),
    "bedtime": entry(rel="bed, pillow, pajamas, teddy bear, bedroom, night, moon, storybook"),
    "commute": entry(syn="commuting", rel="train, bus, subway, traffic, car, bicycle, station"),
    "rush hour": entry(rel="traffic, traffic jam, cars, crowd, subway, bus, commuters"),
    "golden hour": entry(rel="sunset, sunrise, sunlight, sun, evening light"),
    "back to school": entry(rel="school, backpack, pencil, notebook, school bus, books, classroom"),
    # Pastimes.
    "fishing": entry(
        syn="angling",
        hypo="fly fishing, ice fishing",
        rel="fishing rod, fish, fisherman, boat, lake, river",
    ),
    "gardening": entry(
        syn="horticulture", rel="garden, flowers, plants, watering can, shovel, flower pot, seedling, gardener"
    ),
    "bake": entry(syn="baking", hypo="bread, cake, cookies, pie", rel="oven, flour, kitchen, rolling pin, cupcake"),
    "shopping": entry(
        hypo="grocery shopping, window shopping", rel="shopping bag, shopping cart, store, mall, supermarket, shop"
    ),
    "reading": entry(rel="book, books, library, reading glasses, newspaper, magazine"),
    "studying": entry(
        syn="study session", hypo="homework", rel="books, desk, notebook, pencil, laptop, library, student"
    ),
    "skating": entry(
        hypo="ice skating, roller skating, skateboarding", rel="ice skate, roller skates, ice rink, skateboard"
    ),
    "sledding": entry(syn="sledging, tobogganing", rel="sled, toboggan, snow, hill, winter"),
    "snowball fight": entry(rel="snowball, snow, children, winter, snowman"),
    "workout": entry(
        syn="exercise, training", hypo="weightlifting, running, yoga, push-up", rel="gym, dumbbell, barbell, treadmill"
    ),
    "gym": entry(syn="fitness center, gymnasium", rel="dumbbell, treadmill, barbell, weights, exercise bike"),
    "yoga": entry(rel="yoga mat, meditation, stretching, lotus position"),
    # Weather the nature entries leave out.
    "wind": entry(syn="breeze", hypo="gust, gale", rel="kite, windmill, wind turbine, flag, waves", senses="wind.n.01"),
    "windy": entry(syn="breezy, blustery", rel="wind, kite, windmill, wind turbine, flag, waves"),
    "hot weather": entry(syn="heat", rel="sun, sunshine, beach, ice cream, fan, swimming pool"),
    "cold weather": entry(syn="cold", rel="snow, ice, frost, winter coat, scarf, snowflake, snowman"),
    # Settings WordNet reads in another sense: "country life" a nation's, "story time" a storey ("fall", a descent,
    # is an alias of "autumn": curated/__init__.py).
    "country life": entry(syn="countryside, rural life", rel="farm, field, village, barn, meadow, country road"),
    "city lights": entry(syn="city at night", rel="skyline, night, street lights, buildings, traffic, neon lights"),
    "story time": entry(syn="storytelling", rel="book, picture book, children, reading, bedtime"),
    "bedtime story": entry(rel="book, picture book, bed, children, reading, night"),
    "country music": entry(rel="guitar, banjo, cowboy hat, concert, singer, stage"),
    "holiday": entry(syn="vacation", rel="christmas, travel, beach, celebration, decorations, suitcase"),
    "lazy": entry(syn="relaxing, idle", rel="sofa, couch, hammock, nap, blanket, cat sleeping"),
    "heat wave": entry(rel="sun, sunshine, thermometer, fan, ice cream, beach"),
    "cozy": entry(syn="cosy, snug", rel="blanket, fireplace, candles, hot chocolate, sweater, tea"),
    # Seasons and days named by a phrase.
    "winter wonderland": entry(
        syn="snowy landscape", rel="snow, snowman, snowflake, snowy trees, sled, christmas tree"
    ),
    "fourth of july": entry(
        syn="independence day, july 4th", rel="fireworks, american flag, barbecue, parade, hot dog, picnic"
    ),
    "exam": entry(syn="test, examination", rel="stack of books, pencil, desk, classroom, notebook, student, studying"),
    "gaming": entry(syn="video games", rel="game controller, console, television, headset, computer"),
    # The day after Christmas, not a sport: "boxing" alone is curated as one (pastimes.py).
    "boxing day": entry(rel="gifts, presents, christmas tree, shopping, sales, leftovers"),
}
