"""Curated expansions: events, sports and activities (verbs as their lemmas: "running" -> "run")."""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    "wedding": entry(
        syn="marriage ceremony, nuptials",
        hypo="wedding ceremony, wedding reception, church wedding",
        hyper="celebration, ceremony",
        rel="bride, groom, wedding dress, wedding cake, wedding ring, bouquet, newlyweds, bridesmaid, church",
    ),
    "party": entry(
        syn="celebration, festivity",
        hypo="birthday party, dinner party, cocktail party, disco",
        hyper="gathering",
        rel="balloons, confetti, dancing, friends",
    ),
    "birthday": entry(
        hypo="birthday party", hyper="celebration", rel="birthday cake, candles, balloons, presents, party hat"
    ),
    "concert": entry(
        syn="gig, live music",
        hypo="rock concert, recital, music festival",
        hyper="performance",
        rel="stage, band, crowd, audience, musician",
    ),
    "festival": entry(
        syn="fiesta, carnival",
        hypo="music festival, street festival, fair",
        hyper="celebration",
        rel="crowd, parade, fireworks",
    ),
    "christmas": entry(
        syn="xmas, yuletide",
        hypo="christmas eve, christmas day",
        hyper="holiday",
        rel="christmas tree, santa claus, christmas lights, ornaments, presents, snow",
    ),
    "halloween": entry(
        syn="all hallows eve", hyper="holiday", rel="jack-o'-lantern, pumpkin, costume, trick or treat, witch, ghost"
    ),
    "graduation": entry(
        syn="commencement",
        hypo="graduation ceremony",
        hyper="ceremony",
        rel="cap and gown, mortarboard, diploma, graduate, students",
    ),
    "sport": entry(
        syn="sports, athletics",
        hypo="football, soccer, basketball, tennis, running, swimming, cycling, skiing, surfing, ice skating, "
        "snowboarding, sailing, diving, ice hockey, golf, baseball",
        hyper="game, competition",
        rel="athlete, stadium, team, ball",
    ),
    "football": entry(
        syn="soccer",
        hypo="american football, football match",
        hyper="sport",
        rel="football player, stadium, goal, ball, pitch",
    ),
    "soccer": entry(
        syn="football, association football",
        hypo="soccer match",
        hyper="sport",
        rel="soccer ball, soccer player, goal, pitch, stadium",
    ),
    "basketball": entry(hypo="slam dunk", hyper="sport", rel="basketball court, hoop, basketball player, ball"),
    "tennis": entry(
        hypo="tennis match, doubles", hyper="sport", rel="tennis court, tennis racket, tennis ball, tennis player"
    ),
    "cut": entry(syn="cutting", rel="scissors, knife, kitchen knife, cutting board, paper, blade"),
    "run": entry(
        syn="running, jogging",
        hypo="sprint, marathon, race, trail running",
        hyper="sport",
        rel="runner, jogger, track, running shoes",
    ),
    "swim": entry(
        syn="swimming",
        hypo="diving, snorkeling, breaststroke",
        hyper="water sports",
        rel="swimmer, swimming pool, beach, lake",
    ),
    "hike": entry(
        syn="hiking, trek, trekking",
        hypo="mountain hike, backpacking",
        hyper="walk, outdoors",
        rel="hiker, trail, mountains, backpack",
    ),
    "camp": entry(
        syn="camping", hypo="campsite, campground", hyper="outdoors", rel="tent, campfire, sleeping bag, forest, camper"
    ),
    "cook": entry(
        syn="cooking",
        hypo="baking, grilling, frying, barbecue",
        hyper="food preparation",
        rel="chef, kitchen, stove, pan, meal",
    ),
    "dance": entry(
        syn="dancing",
        hypo="ballet, ballroom dancing, salsa, tango, hip hop",
        hyper="performance",
        rel="dancer, dance floor, party",
    ),
    "travel": entry(
        syn="trip, journey",
        hypo="road trip, sightseeing, backpacking, vacation",
        rel="tourist, luggage, suitcase, airport, passport",
    ),
    "vacation": entry(
        syn="holiday, getaway",
        hypo="beach holiday, cruise, honeymoon",
        hyper="travel, trip",
        rel="resort, beach, tourist, hotel",
    ),
    "picnic": entry(hyper="outdoor meal, meal", rel="picnic basket, picnic blanket, park, sandwiches, grass"),
    "parade": entry(
        syn="procession, march", hypo="military parade, carnival parade", rel="marching band, floats, crowd, street"
    ),
    "protest": entry(
        syn="demonstration, rally", hypo="march, strike, sit-in", rel="protesters, placards, banners, crowd"
    ),
    "fireworks": entry(
        syn="firework, pyrotechnics", hypo="fireworks display, sparkler", rel="night sky, celebration, new year"
    ),
    "surf": entry(
        syn="surfing",
        hypo="bodyboarding, windsurfing, kitesurfing",
        hyper="water sports",
        rel="surfer, surfboard, waves, beach",
    ),
    "ski": entry(
        syn="skiing",
        hypo="downhill skiing, cross-country skiing",
        hyper="winter sport",
        rel="skier, ski slope, snow, mountain, ski lift",
    ),
    "play": entry(syn="playing", hypo="game, children playing, playtime", rel="toys, playground, fun"),
    "sleep": entry(syn="sleeping, asleep", hypo="nap", rel="bed, pillow, bedroom"),
    # What is eaten is what a photo of eating shows: the kinds of solid food stand for the verb.
    "eat": entry(
        syn="eating", hypo="dinner, lunch, breakfast, meal", rel="food, table, restaurant", senses="food.n.02"
    ),
    "music": entry(
        hypo="concert, song, live music",
        rel="musical instrument, guitar, piano, drum, violin, headphones, microphone, band, sheet music",
        senses="musical_instrument.n.01",
    ),
    "movie": entry(
        syn="film, motion picture",
        rel="cinema, movie theater, popcorn, screen, television, projector, film camera",
        senses="movie.n.01",
    ),
    "walk": entry(syn="walking, stroll", hypo="hike, dog walking", rel="pedestrian, path, street"),
    "ride": entry(syn="riding", hypo="horseback riding, cycling, bike ride", rel="rider, horse, bicycle"),
}
