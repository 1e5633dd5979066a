"""Curated expansions: food and drink."""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    "food": entry(
        syn="meal, dish, cuisine",
        hypo="pizza, pasta, salad, bread, fruit, vegetables, dessert, snack",
        rel="plate, restaurant, cooking",
        senses="food.n.02, dish.n.02",
    ),
    "pizza": entry(
        syn="pizza pie",
        hypo="pepperoni pizza, margherita, slice of pizza, cheese pizza",
        hyper="italian food, fast food, dish",
        rel="pizzeria",
        senses="pizza.n.01",
    ),
    "hot dog": entry(
        syn="hotdog, frankfurter, wiener",
        hypo="chili dog, corn dog",
        hyper="sausage, fast food",
        rel="bun, mustard",
        senses="hotdog.n.02",
    ),
    # A British cooked breakfast and the meal bought ready to eat: named by phrases WordNet lacks, shown by their food.
    "full english": entry(
        syn="full english breakfast, english breakfast, full breakfast, fry-up, fryup",
        hyper="breakfast",
        rel="bacon, fried egg, sausage, baked beans, toast, mushrooms, tomato, hash brown, black pudding",
    ),
    "takeaway": entry(
        syn="takeout, take-out, carryout",
        rel="pizza, burger, french fries, noodles, curry, fried chicken, kebab, sushi, dumplings, burrito",
    ),
    "fruit": entry(
        hypo="apple, banana, orange, grapes, strawberry, pineapple, mango, watermelon, berries, pear",
        hyper="food, produce",
        rel="fruit bowl",
        senses="edible_fruit.n.01",
    ),
    "apple": entry(
        hypo="red apple, green apple, granny smith, crab apple",
        hyper="fruit",
        rel="apple tree, orchard",
        senses="apple.n.01",
    ),
    "banana": entry(
        hypo="plantain, bunch of bananas", hyper="fruit, tropical fruit", rel="banana peel", senses="banana.n.02"
    ),
    "cake": entry(
        hypo="birthday cake, wedding cake, cupcake, chocolate cake, cheesecake, layer cake",
        hyper="dessert, pastry, baked goods",
        rel="slice of cake, frosting",
        senses="cake.n.03",
        block="bar, patty",
    ),
    "coffee": entry(
        syn="java",
        hypo="espresso, cappuccino, latte, iced coffee, black coffee",
        hyper="beverage, drink",
        rel="coffee cup, mug, coffee beans, cafe",
        senses="coffee.n.01",
    ),
    "tea": entry(
        hypo="green tea, black tea, herbal tea, iced tea, chai",
        hyper="beverage, drink",
        rel="teacup, teapot, cup of tea",
        senses="tea.n.01",
    ),
    "wine": entry(
        syn="vino",
        hypo="red wine, white wine, champagne, rose wine, sparkling wine",
        hyper="alcohol, drink",
        rel="wine glass, wine bottle, vineyard, grapes",
        senses="wine.n.01",
    ),
    "beer": entry(
        syn="brew",
        hypo="lager, ale, stout, pint, draft beer",
        hyper="alcohol, drink",
        rel="beer bottle, beer glass, pub, bar",
        senses="beer.n.01",
    ),
    "bread": entry(
        syn="loaf",
        hypo="baguette, toast, sourdough, roll, bagel, croissant, rye bread",
        hyper="baked goods, food",
        rel="bakery, sandwich",
        senses="bread.n.01",
        block="breadstuff, staff of life",
    ),
    "salad": entry(
        hypo="green salad, caesar salad, fruit salad, coleslaw",
        hyper="dish, food",
        rel="lettuce, vegetables, bowl",
        senses="salad.n.01",
    ),
    "sandwich": entry(
        hypo="sub, club sandwich, panini, burger, wrap, blt",
        hyper="food, snack",
        rel="bread, lunch",
        senses="sandwich.n.01",
    ),
    "burger": entry(
        syn="hamburger",
        hypo="cheeseburger, veggie burger",
        hyper="sandwich, fast food",
        rel="bun, french fries, patty",
        senses="hamburger.n.01",
        block="beefburger, chopped steak",
    ),
    "ice cream": entry(
        syn="icecream",
        hypo="gelato, ice cream cone, sundae, soft serve, frozen yogurt",
        hyper="frozen dessert, dessert",
        rel="scoop, cone, popsicle",
        senses="ice_cream.n.01",
    ),
    "vegetable": entry(
        syn="veggies",
        hypo="carrot, broccoli, tomato, potato, lettuce, onion, pepper, cucumber",
        hyper="produce, food",
        rel="salad, greens",
        senses="vegetable.n.01",
    ),
    "meat": entry(
        hypo="steak, beef, pork, chicken, sausage, bacon, ham, lamb",
        hyper="food",
        rel="butcher, barbecue, grill",
        senses="meat.n.01",
    ),
    "chocolate": entry(
        syn="cocoa",
        hypo="chocolate bar, dark chocolate, milk chocolate, truffle, chocolate cake",
        hyper="candy, confectionery, sweets",
        rel="dessert",
        senses="chocolate.n.02",
    ),
    "dessert": entry(
        syn="sweet, afters",
        hypo="cake, ice cream, pie, pudding, tart, cheesecake, cookies, mousse",
        hyper="food",
        senses="dessert.n.01",
    ),
    "breakfast": entry(
        syn="morning meal",
        hypo="brunch, eggs and bacon, pancakes, cereal, toast",
        hyper="meal",
        rel="coffee, orange juice, croissant",
        senses="breakfast.n.01",
    ),
    "dinner": entry(
        syn="supper, evening meal",
        hypo="dinner party, banquet, feast",
        hyper="meal",
        rel="dining table, plate, restaurant, candles",
        senses="dinner.n.01",
    ),
    "lunch": entry(
        syn="luncheon, midday meal",
        hypo="picnic, lunch box, packed lunch",
        hyper="meal",
        rel="sandwich, salad, cafe",
        senses="lunch.n.01",
    ),
    "drink": entry(
        syn="beverage",
        hypo="coffee, tea, juice, soda, cocktail, beer, wine, water, smoothie",
        rel="glass, cup, bottle",
        senses="beverage.n.01",
    ),
    "egg": entry(
        hypo="fried egg, boiled egg, scrambled eggs, omelette, chicken egg",
        hyper="food",
        rel="eggshell, yolk, breakfast, nest",
        senses="egg.n.02",
    ),
    "cheese": entry(
        hypo="cheddar, mozzarella, brie, parmesan, gouda, blue cheese",
        hyper="dairy product, food",
        rel="cheese board",
        senses="cheese.n.01",
        block="process cheese, american cheese, hand cheese",
    ),
    "sushi": entry(
        hypo="nigiri, maki, sashimi, sushi roll, california roll",
        hyper="japanese food, seafood",
        rel="chopsticks, soy sauce, wasabi, japanese restaurant",
        senses="sushi.n.01",
    ),
    "soup": entry(
        hypo="broth, ramen, chowder, minestrone, pho, tomato soup, chicken soup, noodle soup",
        hyper="dish",
        rel="bowl, spoon",
        senses="soup.n.01",
    ),
    # WordNet files no noodle dish under "noodle" (only egg noodles and the like) and points up to pasta alone:
    # "a bowl of noodles" is ramen or lo mein far more often than spaghetti.
    "noodle": entry(
        hypo="ramen, udon, soba, lo mein, chow mein, pad thai, noodle soup, spaghetti",
        hyper="pasta, dish",
        rel="chopsticks, bowl",
        senses="noodle.n.01",
    ),
    "fried egg": entry(syn="sunny side up", hyper="egg", rel="breakfast, frying pan, bacon, toast"),
}
