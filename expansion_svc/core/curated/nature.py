"""Curated expansions: weather, seasons, plants and landforms."""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    "snow": entry(
        syn="snowfall",
        hypo="snowflake, snowstorm, blizzard, snowdrift, snowy landscape",
        rel="winter, ice, frost, snowman",
        senses="snow.n.01",
    ),
    "rain": entry(
        syn="rainfall",
        hypo="raindrops, shower, downpour, drizzle, rainstorm",
        rel="umbrella, puddle, wet street, storm",
        senses="rain.n.01",
    ),
    "storm": entry(
        hypo="thunderstorm, hurricane, tornado, blizzard, rainstorm, snowstorm",
        rel="lightning, storm clouds, dark clouds, wind",
        senses="storm.n.01",
    ),
    "cloud": entry(hypo="cumulus, storm cloud, rain cloud, cirrus", rel="sky, overcast sky, fog", senses="cloud.n.02"),
    "fog": entry(syn="mist, haze", hypo="morning mist, smog", rel="clouds, foggy forest", senses="fog.n.02"),
    "sun": entry(
        syn="sunshine, sunlight",
        hypo="sunrise, sunset, sunbeam",
        rel="sky, summer, daylight",
        senses="sun.n.01",
        block="sol",
    ),
    "weather": entry(hypo="rain, snow, storm, sunshine, fog, clouds, wind", rel="sky, forecast"),
    "nice weather": entry(
        syn="good weather, fine weather",
        hypo="sunny day, blue sky, sunshine, clear sky",
        rel="sunny, summer, white clouds",
    ),
    "winter": entry(syn="wintertime", rel="snow, ice, frost, snowy landscape, christmas, snowman, snowflake, skiing"),
    "summer": entry(syn="summertime", rel="sunshine, beach, holiday, swimming, heat"),
    "autumn": entry(
        syn="fall", hypo="autumn leaves, fall foliage", rel="leaves, harvest, pumpkin, maple leaf, october"
    ),
    "spring": entry(syn="springtime", rel="blossom, spring flowers, cherry blossom, tulips, bloom"),
    "tree": entry(
        hypo="oak, pine, palm tree, maple, birch, willow, fir, cedar, evergreen",
        rel="forest, woods, branches, leaves, trunk",
        senses="tree.n.01",
        block="tree diagram, shoetree",
    ),
    "flower": entry(
        syn="blossom, bloom",
        hypo="rose, tulip, daisy, sunflower, lily, orchid, poppy, wildflower, cherry blossom, hibiscus, lotus",
        hyper="plant",
        rel="bouquet, petals, garden",
        senses="flower.n.01",
        block="prime, peak, heyday, efflorescence, flush, flowering",
    ),
    "grass": entry(
        syn="lawn, turf",
        hypo="meadow, pasture, grassland",
        rel="field, green, hay",
        senses="grass.n.01",
        # WordNet's kinds of grass are also the cereals, which a photo shows as food ("lying in the grass"
        # searched popcorn), and names that read as other things ("chess", "cheat", "bent").
        block="""pot, dope, weed, ganja, marijuana, skunk, cereal, rice, wheat, corn, popcorn, barley, oat, rye,
        millet, sorghum, sugarcane, chess, cheat, bent, timothy""",
    ),
    "leaf": entry(
        syn="foliage",
        hypo="autumn leaves, green leaf, maple leaf, frond",
        rel="tree, branch",
        senses="leaf.n.01",
        block="folio, page",
    ),
    "plant": entry(
        syn="flora, vegetation",
        hypo="houseplant, potted plant, flower, shrub, succulent, cactus, fern, herb",
        rel="greenery, leaves, garden",
        senses="plant.n.02",
        block="works, industrial plant, factory, mill, implant",
    ),
    "rock": entry(
        syn="stone",
        hypo="boulder, pebble, cliff, granite",
        rel="rocky shore, mountain, cave",
        senses="rock.n.01",
        block="rock 'n' roll, rock music, rock and roll, rock candy",
    ),
    "fire": entry(
        syn="flames, blaze",
        hypo="campfire, bonfire, wildfire, fireplace, candle flame",
        rel="smoke, embers, burning",
        senses="fire.n.03",
        block="firing, discharge, fervor, fervour, ardor, attack, flak",
    ),
    "ice": entry(
        hypo="icicle, glacier, iceberg, ice cube, frozen lake",
        rel="frost, snow, winter, cold",
        senses="ice.n.01",
        block="water ice, sherbet, sorbet, methamphetamine, meth, glass, crank",
    ),
    "water": entry(
        hypo="ocean, lake, river, sea, waterfall, pond",
        rel="waves, splash, drops, reflection",
        senses="water.n.01",
        block="body of water, urine, pee, piss, water supply",
    ),
    "moon": entry(
        hypo="full moon, crescent moon, half moon",
        rel="night sky, moonlight, stars, night",
        senses="moon.n.01",
        block="lunar month, moonlight, moonshine, synodic month",
    ),
    "star": entry(
        hypo="starry sky, shooting star, constellation, milky way",
        rel="night sky, galaxy, space",
        senses="star.n.01",
        block="ace, champion, sensation, superstar, headliner, principal, lead, asterisk",
    ),
    "rainbow": entry(hypo="double rainbow", rel="rain, sky, colors, clouds"),
    "wave": entry(syn="breaker, swell", hypo="surf, tidal wave", rel="ocean, sea, beach, surfing"),
    "field": entry(
        syn="meadow",
        hypo="wheat field, farmland, pasture, grassland",
        rel="countryside, grass, farm",
        senses="field.n.01",
        block="battlefield, field of battle, field of honor, field of force, force field, arena",
    ),
    "hill": entry(
        hypo="hillside, slope, knoll",
        hyper="landform",
        rel="valley, countryside, mountain",
        senses="hill.n.01",
        block="mound, hummock, hillock",
    ),
    "cave": entry(syn="cavern", hypo="grotto", rel="rock, stalactite, darkness", senses="cave.n.01"),
    "rose": entry(
        hypo="red rose, wild rose, climbing rose, rosebud",
        hyper="flower, shrub",
        rel="bouquet, petals, rose garden",
        senses="rose.n.01",
        block="ground rose, baby rose, dog rose, china rose, bush",
    ),
    "waterfall": entry(
        syn="falls, cascade", hypo="cataract", rel="river, rapids, cliff, gorge", senses="waterfall.n.01"
    ),
    "volcano": entry(
        hypo="volcanic eruption, lava flow",
        hyper="mountain",
        rel="lava, crater, ash cloud, magma",
        senses="volcano.n.02",
    ),
    "lightning": entry(
        syn="lightning bolt, thunderbolt",
        hypo="lightning strike, forked lightning, sheet lightning",
        rel="thunderstorm, storm, storm clouds, thunder",
        senses="lightning.n.01",
    ),
}
