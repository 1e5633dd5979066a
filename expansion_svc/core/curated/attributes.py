"""Visual attributes of common things: which kinds of a category a modifier selects ("large animals").

WordNet files an elephant under animal but says nowhere, in a form a program
can use, that it is large; a small model does not know the word "large" at
all. So "large animals" searched every animal. These sets say which common
things have an attribute a photo shows or a searcher means: a size, a colour,
where a thing lives, how it moves, what it is for. A modifier before a
category keeps the category's kinds that have the attribute (and adds the
ones it lacked); a modifier and a head with no kind in common ("big dog")
keep the old rule. The sets are general knowledge, not the demo corpus:
they name things no demo picture shows (moose, skyscraper, cathedral).
Lemmas, singular; phrases as WordNet writes them ("polar bear").
"""

from __future__ import annotations

from types import MappingProxyType


def _words(text: str) -> frozenset[str]:
    return frozenset(w.strip() for w in text.split(",") if w.strip())


_BIRDS_THAT_FLY = """eagle, owl, parrot, dove, pigeon, sparrow, crow, raven, swan, duck, goose, flamingo, hawk, falcon,
    seagull, gull, pelican, stork, heron, hummingbird, robin, bluebird, cardinal, woodpecker, toucan, vulture,
    bat, butterfly, bee, wasp, hornet, dragonfly, fly, mosquito, moth, ladybug, beetle, bird"""
_WATER_ANIMALS = """fish, tropical fish, goldfish, shark, whale, dolphin, seal, sea lion, walrus, octopus, squid,
    jellyfish, crab, lobster, shrimp, sea turtle, starfish, seahorse, eel, ray, orca, killer whale, coral,
    blowfish, puffer, clam, oyster, sea urchin"""

ATTRIBUTES: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "large": _words(
            """elephant, whale, giraffe, rhinoceros, hippopotamus, bear, polar bear, moose, bison, buffalo, camel,
            horse, cow, ox, gorilla, lion, tiger, crocodile, alligator, shark, dinosaur, mammoth, ostrich, elk,
            walrus, orca, killer whale, zebra, sauropod, t-rex, tyrannosaur, truck, bus, ship, cruise ship,
            airplane, train, tractor, tank, ferry, locomotive, steam locomotive, skyscraper, castle, cathedral,
            stadium, office tower, mountain, volcano, tree, oak"""
        ),
        "small": _words(
            """mouse, hamster, squirrel, chipmunk, hedgehog, ant, bee, ladybug, butterfly, snail, frog, lizard,
            sparrow, hummingbird, spider, beetle, chick, duckling, kitten, puppy, goldfish, shrimp, worm,
            caterpillar, mosquito, fly, cricket, mole, gerbil, coin, key, ring, button, pin, bead, pebble,
            acorn, berry, blueberry, cherry, grape, pea, peanut, mushroom, chihuahua, pug, dachshund, pomeranian,
            yorkshire terrier, toy dog, corgi"""
        ),
        "tall": _words(
            """giraffe, skyscraper, tower, office tower, tree, palm tree, pine tree, redwood, mountain, lighthouse,
            ladder, ostrich, tokyo tower, statue of liberty, eiffel tower, sunflower, bamboo, high-rise,
            tower block, apartment building, office building, cathedral"""
        ),
        "flying": _words(
            _BIRDS_THAT_FLY
            + """, airplane, plane, jet, helicopter, rocket, balloon, hot air balloon, kite, drone, glider,
            parachute, blimp, airship, flying saucer, ufo"""
        ),
        "swimming": _words(
            _WATER_ANIMALS
            + """, duck, swan, goose, penguin, otter, beaver, frog, crocodile, hippopotamus, swimming, surfing,
            diving, scuba diving, sailing, water polo, kayaking, canoeing, rowing, water skiing, snorkeling"""
        ),
        "marine": _words(_WATER_ANIMALS + ", penguin, boat, ship, sailboat, submarine, ferry, yacht, cruise ship"),
        "farm": _words(
            """cow, pig, sheep, goat, chicken, rooster, hen, horse, duck, goose, turkey, donkey, ox, llama, alpaca,
            rabbit, lamb, calf, piglet, tractor, barn, haystack, corn, wheat, pickup truck, combine harvester"""
        ),
        "arctic": _words("polar bear, penguin, seal, walrus, arctic fox, reindeer, snowy owl, orca, husky, igloo"),
        "tropical": _words(
            """monkey, gorilla, orangutan, tiger, jaguar, parrot, toucan, snake, sloth, chameleon, flamingo,
            mango, pineapple, banana, coconut, papaya, kiwi, passion fruit, guava, lychee, dragon fruit,
            palm tree, hibiscus, tropical fish, island"""
        ),
        "desert": _words("camel, scorpion, lizard, snake, rattlesnake, cactus, fennec, vulture, tumbleweed, oasis"),
        "fast": _words(
            """cheetah, race car, racing car, sports car, motorcycle, motorbike, jet, airplane, bullet train,
            high-speed train, rocket, speedboat, falcon, greyhound, horse, scooter"""
        ),
        "slow": _words("snail, turtle, tortoise, sloth, slug, koala, caterpillar"),
        "crawling": _words(
            """ant, beetle, ladybug, caterpillar, worm, earthworm, snail, slug, spider, centipede, millipede,
            scorpion, cockroach, termite, lizard, crab, turtle, tortoise, baby, crocodile, snake"""
        ),
        "jumping": _words(
            "frog, toad, kangaroo, rabbit, grasshopper, cricket, flea, dolphin, horse, goat, squirrel, cat, deer"
        ),
        "climbing": _words("monkey, squirrel, cat, koala, goat, mountain goat, gecko, sloth, orangutan, bear"),
        "running": _words("horse, cheetah, dog, ostrich, deer, gazelle, rabbit, wolf, greyhound, zebra, lion"),
        "grazing": _words("cow, sheep, horse, goat, deer, bison, buffalo, zebra, gazelle, llama, camel"),
        "singing": _words("bird, songbird, robin, canary, nightingale, sparrow, blackbird, cricket, frog, whale"),
        "religious": _words(
            """church, mosque, temple, synagogue, cathedral, chapel, shrine, pagoda, kaaba, monastery, abbey,
            shinto shrine, basilica"""
        ),
        "kitchen": _words(
            """knife, kitchen knife, fork, spoon, pan, frying pan, pot, saucepan, kettle, spatula, whisk, ladle,
            chopsticks, cutting board, bowl, plate, cup, mug, teapot, oven, microwave, refrigerator, fridge,
            toaster, blender, stove, grater, rolling pin, colander, fork and knife, can opener"""
        ),
        "electronic": _words(
            """phone, mobile phone, cell phone, smartphone, laptop, computer, desktop computer, television, camera,
            headphones, radio, tablet, keyboard, computer mouse, video game, game controller, joystick, watch,
            printer, speaker, microphone, battery, robot"""
        ),
        "hot": _words(
            """pizza, soup, ramen, noodle, curry, hamburger, burger, french fries, fries, hot dog, steak, stew,
            pasta, spaghetti, coffee, tea, hot chocolate, roast, taco, burrito, dumpling, bacon, fried egg,
            pancake, toast, pie, chili, fire, sun, volcano, stove, oven, candle"""
        ),
        "winter": _words(
            """coat, winter coat, jacket, parka, scarf, glove, mitten, beanie, wool hat, boot, sweater, snowsuit,
            ski, sled, snowboard, ice skate, snowman, snowflake, hot chocolate, skiing, snowboarding, ice skating,
            ice hockey, sledding, bobsledding, curling"""
        ),
        "summer": _words(
            """swimsuit, bikini, shorts, sandal, flip-flop, sunglasses, sun hat, t-shirt, sundress, watermelon,
            ice cream, popsicle, lemonade, beach ball, surfboard, sunscreen, fan, iced tea, smoothie, tropical cocktail,
            juice"""
        ),
        "cold": _words(
            """ice cream, salad, sushi, smoothie, milkshake, popsicle, ice pop, ice, iced tea, soda, shaved ice,
            frozen yogurt, ice cube, snow, snowman, snowflake, iceberg, glacier, igloo, penguin, polar bear"""
        ),
        "sweet": _words(
            """cake, birthday cake, cupcake, candy, chocolate, chocolate bar, cookie, donut, doughnut, ice cream,
            lollipop, pie, honey, dessert, pudding, custard, candy cane, cotton candy, shaved ice, mango,
            strawberry, watermelon, banana, grape, cherry, peach, pineapple, melon, fig, date"""
        ),
        "red": _words(
            """strawberry, cherry, raspberry, tomato, apple, red apple, watermelon, pomegranate, cranberry,
            chili pepper, hot pepper, red pepper, rose, poppy, tulip, carnation, hibiscus, ladybug, cardinal,
            lobster, crab, fire truck, fire engine, stop sign, heart, lipstick, ruby, fox"""
        ),
        "yellow": _words(
            """banana, lemon, pineapple, corn, sunflower, daffodil, chick, duckling, canary, school bus, taxi, cab,
            sun, cheese, bee, pear, star, tulip, dandelion, buttercup, marigold"""
        ),
        "orange": _words(
            """orange, tangerine, mandarin, carrot, pumpkin, mango, peach, apricot, goldfish, fox, tiger,
            basketball, papaya, sweet potato, jack-o'-lantern, marigold"""
        ),
        "green": _words(
            """lime, pear, avocado, kiwi, broccoli, cucumber, lettuce, spinach, pea, green apple, grape, frog,
            cactus, leaf, clover, four-leaf clover, shamrock, grass, tree, pine tree, christmas tree, lizard,
            crocodile, alligator, turtle, parrot, olive, zucchini, celery, green pepper, caterpillar, seedling"""
        ),
        "white": _words(
            """snow, snowman, swan, polar bear, cloud, ghost, egg, milk, rice, sheep, dove, daisy, lily, seagull,
            sugar, marshmallow, wedding dress, cauliflower"""
        ),
        "black": _words("crow, raven, panther, black cat, gorilla, bat, spider, ant, tire, piano"),
        "pink": _words(
            """flamingo, pig, piglet, cherry blossom, peach, donut, cotton candy, lotus, shrimp, hibiscus, tulip,
            peony, carnation, orchid, azalea"""
        ),
        "brown": _words(
            """bear, horse, chocolate, coffee, bread, potato, coconut, acorn, chestnut, cookie, squirrel, owl,
            deer, cow, teddy bear, wood, log"""
        ),
        "blue": _words("blueberry, whale, sky, ocean, sea, bluebird, jeans, butterfly, blue jay, dolphin"),
        "purple": _words("grape, eggplant, aubergine, plum, lavender, violet, fig, beet, blackberry, octopus"),
        # Where animals live and where dishes come from.
        "australian": _words(
            "kangaroo, koala, wombat, platypus, emu, dingo, kookaburra, cockatoo, wallaby, echidna, tasmanian devil"
        ),
        "african": _words(
            """lion, elephant, african elephant, giraffe, zebra, rhinoceros, hippopotamus, gorilla, leopard, cheetah,
            hyena, chimpanzee, gazelle, wildebeest, ostrich, meerkat, antelope, warthog, baboon"""
        ),
        "asian": _words(
            """panda, giant panda, tiger, orangutan, asian elephant, yak, red panda, snow leopard, komodo dragon,
            sushi, ramen, dumpling, bowl of rice, rice, noodle, spring roll, curry, kimchi, dim sum, tofu,
            tempura, fried shrimp, bubble tea, fortune cookie, bento"""
        ),
        "japanese": _words("sushi, ramen, tempura, fried shrimp, bento, rice ball, miso, mochi, sake, sashimi, udon"),
        "chinese": _words("dumpling, dim sum, spring roll, fortune cookie, bowl of rice, fried rice, noodle, wonton"),
        "italian": _words("pizza, spaghetti, pasta, lasagna, risotto, espresso, gelato, cappuccino, ravioli"),
        "mexican": _words("taco, burrito, nachos, quesadilla, enchilada, guacamole, tortilla, chili pepper"),
        "french": _words("croissant, baguette, crepe, macaron, champagne, wine, cheese, eclair"),
        "nocturnal": _words(
            """owl, bat, hedgehog, raccoon, moth, firefly, opossum, badger, hamster, scorpion, gecko, aardvark,
            lemur"""
        ),
        "extinct": _words(
            """dinosaur, sauropod, tyrannosaur, tyrannosaurus, t-rex, triceratops, stegosaurus, velociraptor,
            pterodactyl, brontosaurus, diplodocus, mammoth, woolly mammoth, mastodon, dodo, sabertooth, trilobite"""
        ),
        "mythical": _words(
            "dragon, unicorn, mermaid, phoenix, griffin, pegasus, centaur, fairy, troll, kraken, yeti, sea serpent"
        ),
        "two-wheeled": _words("bicycle, bike, motorcycle, motorbike, motor scooter, scooter, moped, dirt bike"),
        "emergency": _words("ambulance, fire truck, fire engine, police car, squad car, lifeboat, rescue helicopter"),
        "public transport": _words(
            "bus, tram, streetcar, subway, metro, train, bullet train, ferry, trolleybus, cable car, monorail"
        ),
        # Kinds of sport and of musical instrument, with the things they are played with.
        "team": _words(
            """soccer, football, american football, basketball, baseball, volleyball, ice hockey, hockey, rugby,
            cricket, water polo, handball, lacrosse, soccer ball, rugby ball, volleyball ball, baseball bat,
            ice hockey stick, hockey stick"""
        ),
        "wind": _words(
            """trumpet, saxophone, flute, clarinet, trombone, tuba, oboe, bassoon, harmonica, french horn, horn,
            bagpipes, recorder"""
        ),
        "brass": _words("trumpet, trombone, tuba, french horn, horn, cornet, bugle"),
        "string": _words("guitar, violin, cello, viola, double bass, harp, banjo, ukulele, mandolin"),
        "percussion": _words("drum, xylophone, cymbal, tambourine, bongo, timpani, triangle, marimba, drum kit"),
        "frozen": _words(
            """ice cream, ice cream cone, sundae, popsicle, ice pop, ice lolly, frozen yogurt, sorbet, gelato,
            shaved ice, ice cube, ice, iceberg, glacier, icicle, snowman"""
        ),
        "fried": _words(
            """french fries, fries, fried shrimp, tempura, fried chicken, chicken leg, fried egg, doughnut, donut,
            onion rings, spring roll, churro, chicken nuggets, fish and chips"""
        ),
        "healthy": _words(
            """salad, broccoli, apple, carrot, avocado, lettuce, cucumber, kiwi, blueberry, spinach, tomato,
            banana, orange, pear, grape, strawberry, vegetable, fruit"""
        ),
        "fast food": _words(
            "hamburger, burger, french fries, fries, hot dog, pizza, taco, burrito, fried chicken, nuggets, soda"
        ),
        "prey": _words("eagle, hawk, falcon, owl, vulture, kite, osprey, buzzard, condor, harrier"),
        # Young animals, dangerous ones, where they live, and how they look.
        "baby": _words(
            """chick, duckling, kitten, puppy, cub, lamb, calf, foal, piglet, fawn, joey, bunny, tadpole, owlet,
            gosling, cygnet, kid"""
        ),
        "dangerous": _words(
            """lion, tiger, shark, crocodile, alligator, snake, bear, polar bear, scorpion, spider, wolf,
            hippopotamus, rhinoceros, jellyfish, leopard, rattlesnake, cobra, piranha, hyena, gorilla"""
        ),
        "venomous": _words("snake, spider, scorpion, jellyfish, rattlesnake, cobra, viper, wasp, hornet, bee"),
        "forest": _words(
            """deer, bear, fox, wolf, owl, squirrel, hedgehog, rabbit, boar, woodpecker, moose, raccoon, badger,
            chipmunk, elk, lynx, mushroom, pine tree, tree"""
        ),
        "colorful": _words(
            """parrot, peacock, flamingo, toucan, macaw, hummingbird, kingfisher, tropical fish, butterfly,
            ladybug, rainbow, balloon, hibiscus, tulip, chameleon, candy, lollipop, fireworks"""
        ),
        # Food and drink by occasion and taste.
        "breakfast": _words(
            """pancake, waffle, egg, fried egg, bacon, croissant, toast, cereal, oatmeal, muffin, bagel, coffee,
            orange juice, sausage, yogurt, porridge"""
        ),
        "party": _words(
            """birthday cake, cake, cupcake, pizza, popcorn, candy, cookie, potato chips, hot dog, sandwich,
            lollipop, soda, champagne, cocktail, doughnut"""
        ),
        "salty": _words("pretzel, french fries, fries, popcorn, potato chips, chips, peanut, crackers, bacon, olive"),
        "fizzy": _words(
            "soda, cola, champagne, beer, sparkling water, sparkling wine, lemonade, soft drink, tonic, bubble tea"
        ),
        "ball": _words(
            """soccer, football, american football, basketball, baseball, tennis, golf, volleyball, rugby,
            billiards, bowling, cricket, soccer ball, tennis ball, golf ball, rugby ball, billiard ball,
            bowling ball, beach ball"""
        ),
        "cute": _words(
            """kitten, puppy, bunny, rabbit, panda, koala, hamster, chick, duckling, penguin, otter, hedgehog, lamb,
            piglet, fawn, red panda, guinea pig, teddy bear"""
        ),
        "pet": _words(
            """dog, cat, hamster, rabbit, goldfish, tropical fish, fish, parrot, guinea pig, mouse, turtle,
            budgerigar, canary, lizard, puppy, kitten, ferret, gerbil"""
        ),
        "spicy": _words("chili pepper, curry, taco, burrito, hot sauce, jalapeno, kimchi, salsa, chili, ramen"),
        "stormy": _words(
            """thunderstorm, storm cloud, thundercloud, rain cloud, cloud with raindrops, lightning, tornado,
            hurricane, storm"""
        ),
        "construction": _words(
            "bulldozer, excavator, crane, dump truck, tractor, cement mixer, forklift, steamroller, digger"
        ),
    }
)

# The modifier as the query parser names it ("big", "flying", "sea") -> the attribute(s) it selects by.
MODIFIER_ATTRIBUTE: MappingProxyType[str, str | tuple[str, ...]] = MappingProxyType(
    {
        **dict.fromkeys("large big huge giant enormous massive gigantic".split(), "large"),
        **dict.fromkeys("small little tiny mini miniature".split(), "small"),
        **dict.fromkeys("tall high".split(), "tall"),
        **dict.fromkeys("flying winged".split(), "flying"),
        **dict.fromkeys("swimming aquatic water".split(), "swimming"),
        **dict.fromkeys("sea ocean marine underwater".split(), "marine"),
        **dict.fromkeys("farm barnyard".split(), "farm"),
        **dict.fromkeys("arctic polar antarctic".split(), "arctic"),
        **dict.fromkeys("tropical jungle rainforest exotic".split(), "tropical"),
        "desert": "desert",
        **dict.fromkeys("speedy quick".split(), "fast"),
        "slow": "slow",
        **dict.fromkeys("crawling creeping".split(), "crawling"),
        **dict.fromkeys("jumping hopping leaping".split(), "jumping"),
        "climbing": "climbing",
        "running": "running",
        "grazing": "grazing",
        **dict.fromkeys("singing chirping".split(), "singing"),
        **dict.fromkeys("religious holy sacred".split(), "religious"),
        **dict.fromkeys("kitchen cooking".split(), "kitchen"),
        **dict.fromkeys("electronic digital".split(), "electronic"),
        "hot": ("hot", "spicy"),  # hot food is warm or spicy
        "warm": ("hot", "winter"),  # warm food is hot food; warm clothes are winter clothes
        **dict.fromkeys(["winter", "wintry", "cold weather", "cold-weather"], "winter"),  # not "cold": iced drinks
        **dict.fromkeys("summer summery".split(), "summer"),
        **dict.fromkeys("cold iced chilled".split(), "cold"),
        "sweet": ("sweet", "cute"),  # sweet food, and sweet (cute) animals
        "sugary": "sweet",
        **dict.fromkeys("red crimson scarlet".split(), "red"),
        **dict.fromkeys("yellow golden".split(), "yellow"),
        "orange": "orange",
        "green": "green",
        "white": "white",
        "black": "black",
        "pink": "pink",
        "brown": "brown",
        "blue": "blue",
        **dict.fromkeys("purple violet".split(), "purple"),
        **dict.fromkeys("australian aussie".split(), "australian"),
        **dict.fromkeys("african safari savanna savannah".split(), "african"),
        **dict.fromkeys("extinct prehistoric jurassic".split(), "extinct"),
        "asian": "asian",
        **dict.fromkeys("japanese japan".split(), "japanese"),
        **dict.fromkeys("chinese china".split(), "chinese"),
        **dict.fromkeys("italian italy".split(), "italian"),
        **dict.fromkeys("mexican mexico".split(), "mexican"),
        "french": "french",
        "nocturnal": "nocturnal",
        **dict.fromkeys("mythical mythological legendary fantasy magical imaginary".split(), "mythical"),
        **dict.fromkeys("two-wheeled two-wheel".split(), "two-wheeled"),
        **dict.fromkeys("emergency rescue".split(), "emergency"),
        **dict.fromkeys("public transit".split(), "public transport"),
        "team": "team",
        **dict.fromkeys("wind woodwind".split(), "wind"),
        "brass": "brass",
        **dict.fromkeys("string stringed".split(), "string"),
        "percussion": "percussion",
        "frozen": "frozen",
        **dict.fromkeys("fried deep-fried".split(), "fried"),
        **dict.fromkeys("healthy nutritious".split(), "healthy"),
        "fast": ("fast", "fast food"),  # fast cars, and fast food
        "junk": "fast food",
        "prey": "prey",
        **dict.fromkeys("baby young newborn".split(), "baby"),
        **dict.fromkeys("dangerous deadly scary fierce ferocious predatory".split(), "dangerous"),
        **dict.fromkeys("venomous poisonous".split(), "venomous"),
        **dict.fromkeys("forest woodland".split(), "forest"),
        **dict.fromkeys("colorful colourful vibrant multicolored".split(), "colorful"),
        "breakfast": "breakfast",
        "party": "party",
        **dict.fromkeys("salty savory savoury".split(), "salty"),
        **dict.fromkeys("fizzy sparkling carbonated".split(), "fizzy"),
        "ball": "ball",
        "construction": "construction",
        **dict.fromkeys("cute adorable".split(), "cute"),
        "pet": "pet",
        "spicy": "spicy",
        "stormy": "stormy",
        "dark": ("black", "stormy"),
    }
)
