"""Curated expansions: vehicles and everyday objects."""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    "car": entry(
        syn="automobile, auto, motorcar",
        hypo="sedan, suv, sports car, convertible, hatchback, taxi, race car, jeep",
        hyper="vehicle, motor vehicle",
        rel="road, traffic, parking lot",
        senses="car.n.01",
        block="railcar, railway car, railroad car, gondola, cable car, elevator car, cage",
    ),
    "truck": entry(
        syn="lorry",
        hypo="pickup truck, dump truck, fire truck, tow truck, delivery truck, van",
        hyper="vehicle, motor vehicle",
        rel="highway, cargo",
        senses="truck.n.01",
    ),
    "bicycle": entry(
        syn="bike, cycle",
        hypo="mountain bike, road bike, tandem, bmx",
        hyper="vehicle",
        rel="cyclist, cycling, bike lane",
        senses="bicycle.n.01",
    ),
    "motorcycle": entry(
        syn="motorbike",
        hypo="scooter, moped, dirt bike, chopper",
        hyper="vehicle, motor vehicle",
        rel="biker, helmet, road",
        senses="motorcycle.n.01",
    ),
    "boat": entry(
        hypo="sailboat, yacht, canoe, kayak, rowboat, motorboat, fishing boat, ferry",
        hyper="vessel, watercraft",
        rel="harbor, lake, sea, dock",
        senses="boat.n.01",
    ),
    "ship": entry(
        syn="vessel",
        hypo="cruise ship, cargo ship, sailing ship, ocean liner, warship, ferry",
        hyper="watercraft, boat",
        rel="harbor, port, ocean",
        senses="ship.n.01",
    ),
    "airplane": entry(
        syn="plane, aeroplane, aircraft",
        hypo="jet, airliner, biplane, seaplane, fighter jet",
        hyper="aircraft",
        rel="airport, runway, sky, flight",
        senses="airplane.n.01",
    ),
    "train": entry(
        syn="railway train",
        hypo="locomotive, steam train, subway, tram, freight train, high-speed train",
        hyper="public transport",
        rel="railway, railway station, tracks, platform",
        senses="train.n.01",
        block="string, caravan, wagon train, gearing, gear, geartrain, power train, retinue, suite, cortege",
    ),
    "bus": entry(
        syn="coach, autobus",
        hypo="double-decker, school bus, minibus, trolleybus",
        hyper="vehicle, public transport",
        rel="bus stop, street, passengers",
        senses="bus.n.01",
        block="busbar, bus topology, jalopy, heap, jitney",
    ),
    # "means of transport" reads as "transport", whose WordNet kinds are mail and shipping.
    "transport": entry(
        syn="transportation",
        hypo="car, bus, train, airplane, bicycle, boat, truck, tram, ship",
        hyper="vehicle",
        rel="traffic, road, station",
    ),
    "vehicle": entry(
        hypo="car, truck, bus, motorcycle, bicycle, van, tractor, train", rel="traffic, road", senses="vehicle.n.01"
    ),
    "phone": entry(
        syn="telephone, smartphone, mobile phone, cellphone",
        hypo="iphone, landline, payphone",
        rel="screen, call",
        senses="telephone.n.01",
    ),
    "computer": entry(
        syn="pc",
        hypo="laptop, desktop computer, notebook, tablet",
        rel="keyboard, monitor, mouse, screen, office",
        senses="computer.n.01",
    ),
    "book": entry(
        hypo="novel, textbook, paperback, hardcover, notebook, magazine",
        rel="library, bookshelf, reading, pages",
        senses="book.n.01",
        block="volume, ledger, account book, script, playscript, record book, rule book, koran, bible",
    ),
    "chair": entry(
        syn="seat",
        hypo="armchair, stool, rocking chair, office chair, deck chair, bench",
        hyper="furniture",
        rel="table, sofa",
        senses="chair.n.01",
        block="professorship, president, chairman, chairwoman, chairperson, electric chair",
    ),
    "table": entry(
        hypo="dining table, desk, coffee table, kitchen table, picnic table",
        hyper="furniture",
        rel="chairs, tabletop",
        senses="table.n.02",
        block="tabular array, mesa, board",
    ),
    "guitar": entry(
        hypo="acoustic guitar, electric guitar, bass guitar, ukulele",
        hyper="musical instrument, stringed instrument",
        rel="guitarist, strings, concert",
        senses="guitar.n.01",
    ),
    "camera": entry(
        hypo="digital camera, dslr, film camera, video camera, camcorder",
        rel="lens, tripod, photographer, photography",
        senses="camera.n.01",
    ),
    "clock": entry(
        syn="timepiece",
        hypo="wall clock, alarm clock, clock tower, grandfather clock, watch",
        rel="clock face, time",
        senses="clock.n.01",
    ),
    "ball": entry(
        hypo="football, soccer ball, basketball, tennis ball, baseball, beach ball, golf ball",
        hyper="toy, game equipment",
        rel="sphere, playing field",
        senses="ball.n.01",
        block="musket ball, testis, testicle, orchis, nut, egg, bollock, formal, dance",
    ),
    "toy": entry(
        syn="plaything",
        hypo="teddy bear, doll, toy car, lego, stuffed animal, action figure, kite",
        rel="child, playroom, game",
        senses="toy.n.03",
        block="miniature, toy dog, bauble, trinket, bangle, gewgaw, knickknack",
    ),
    "umbrella": entry(
        syn="parasol, brolly", hypo="beach umbrella, sunshade", rel="rain, canopy, shade", senses="umbrella.n.01"
    ),
    "hat": entry(
        syn="headwear",
        hypo="cap, baseball cap, beanie, fedora, sun hat, straw hat, cowboy hat, top hat",
        hyper="headgear",
        senses="hat.n.01",
        block="chapeau, lid",
    ),
    "shoe": entry(
        syn="footwear",
        hypo="sneaker, boot, sandal, high heels, loafer, slipper, running shoe",
        senses="shoe.n.01",
        block="horseshoe, brake shoe, skid",
    ),
    "dress": entry(
        syn="gown, frock",
        hypo="wedding dress, evening gown, sundress, cocktail dress, ball gown",
        hyper="clothing, garment",
        rel="skirt, outfit",
        senses="dress.n.01",
    ),
    "clothes": entry(
        syn="clothing, apparel, garments",
        hypo="shirt, dress, jacket, trousers, jeans, t-shirt, coat",
        rel="outfit, fashion, wardrobe",
        senses="clothing.n.01",
    ),
    "bag": entry(
        hypo="handbag, backpack, purse, tote bag, shopping bag, suitcase, paper bag, plastic bag",
        rel="luggage",
        senses="bag.n.01",
        block="bagful, old bag, udder, cup of tea, base, pocketbook",
    ),
    "flag": entry(
        syn="banner, ensign",
        hypo="national flag, pennant, union jack",
        rel="flagpole, bunting",
        senses="flag.n.01",
        block="masthead, iris, fleur-de-lis, sword lily, flagstone, flagging",
    ),
    "tent": entry(hypo="marquee, tepee, yurt, dome tent", hyper="shelter", rel="camping, campsite", senses="tent.n.01"),
    "lamp": entry(
        hypo="table lamp, desk lamp, floor lamp, lantern, street lamp, chandelier",
        rel="light bulb, lampshade, lighting",
        senses="lamp.n.02",
    ),
    "bottle": entry(
        hypo="wine bottle, water bottle, beer bottle, glass bottle, plastic bottle, flask",
        rel="jar, jug",
        senses="bottle.n.01",
    ),
    "cup": entry(
        syn="mug",
        hypo="teacup, coffee cup, paper cup",
        rel="saucer, coffee, tea",
        senses="cup.n.01",
        block="loving cup, trophy, cupful",
    ),
    "glasses": entry(
        syn="eyeglasses, spectacles, specs",
        hypo="sunglasses, reading glasses",
        hyper="eyewear",
        rel="frames, lenses",
        senses="spectacles.n.01",
    ),
    "window": entry(
        hypo="stained glass window, bay window, shop window, windowpane",
        rel="curtains, glass, view",
        senses="window.n.01",
        block="computer window",
    ),
    "door": entry(
        syn="doorway",
        hypo="front door, gate, garage door, entrance",
        rel="doorknob, house",
        senses="door.n.01",
        block="room access, threshold",
    ),
    "sign": entry(
        syn="signboard",
        hypo="street sign, road sign, neon sign, billboard, traffic sign",
        rel="signpost, text, street",
        senses="signboard.n.01",
    ),
    "kite": entry(
        hypo="box kite, stunt kite, delta kite",
        hyper="toy",
        rel="kitesurfing, kite flying, windy sky",
        senses="kite.n.03",
    ),
}
