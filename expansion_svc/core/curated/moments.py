"""Curated expansions: more everyday moments, times, moods and occasions, and what their photos show."""

from __future__ import annotations

from expansion_svc.core.curated import entry

ENTRIES = {
    # Times of the day and the week.
    "lazy sunday": entry(rel="bed, pajamas, coffee, newspaper, couch, blanket, pancakes"),
    "sunday morning": entry(rel="coffee, newspaper, pancakes, bed, pajamas, sunlight, breakfast table"),
    "morning coffee": entry(rel="coffee cup, mug, latte, coffee maker, croissant, newspaper, window"),
    "morning routine": entry(rel="toothbrush, bathroom mirror, coffee, alarm clock, breakfast, shower"),
    "midnight snack": entry(rel="refrigerator, sandwich, cookies, milk, ice cream, kitchen, pizza"),
    "night shift": entry(rel="nurse, hospital corridor, scrubs, coffee, security guard, factory"),
    "after school": entry(rel="backpack, snack, homework, school bus, playground, children"),
    "school run": entry(rel="school gate, children, backpack, car, crosswalk, crossing guard"),
    "sunset walk": entry(rel="sunset, beach, silhouette, couple, dog, path"),
    "walking the dog": entry(syn="dog walk", rel="dog, leash, park, sidewalk, poop bag, ball"),
    "coffee break": entry(rel="coffee cup, mug, cookies, donut, office kitchen, cafe"),
    "tea time": entry(syn="teatime", rel="teapot, teacup, biscuits, cake, saucer, sugar bowl"),
    "afternoon tea": entry(
        syn="high tea", rel="cake stand, scones, teapot, finger sandwiches, teacup, clotted cream, macarons"
    ),
    "sunday roast": entry(rel="roast beef, roast potatoes, yorkshire pudding, gravy, vegetables, dining table, family"),
    # Weather and the seasons as a moment.
    "rainy day indoors": entry(rel="window, raindrops, blanket, board game, hot chocolate, books, candles, puzzle"),
    "autumn walk": entry(syn="fall walk", rel="autumn leaves, forest path, boots, scarf, dog, trees"),
    "first snow": entry(syn="first snowfall", rel="snowflakes, snow, window, children, footprints, rooftops"),
    "after the rain": entry(rel="puddles, raindrops, wet leaves, rainbow, reflections, wet street"),
    "snowed in": entry(rel="snow drifts, snow, window, fireplace, snow shovel, blanket, hot chocolate"),
    "leaf peeping": entry(rel="autumn leaves, foliage, maple trees, forest road, red leaves, mountains"),
    "hanami": entry(
        syn="cherry blossom viewing", rel="cherry blossom, picnic blanket, park, pink petals, bento, lanterns"
    ),
    "summer vacation": entry(
        syn="summer holiday", rel="beach, swimming pool, ice cream, sunglasses, suitcase, tent, sandcastle"
    ),
    "winter break": entry(rel="snow, skis, christmas tree, hot chocolate, sled, fireplace"),
    # Evenings in, with friends or alone.
    "taco tuesday": entry(rel="tacos, tortillas, salsa, guacamole, lime, margarita"),
    "girls night": entry(
        syn="girls night out", rel="friends, wine, cocktails, face masks, nail polish, pajamas, popcorn"
    ),
    "guys night": entry(syn="boys night", rel="beer, poker chips, pizza, video games, television, friends"),
    "quiz night": entry(syn="trivia night, pub quiz", rel="pub, answer sheet, pen, beer, team, scoreboard"),
    "night in": entry(
        syn="cozy night in", rel="blanket, candles, couch, hot chocolate, television, fuzzy socks, takeout"
    ),
    "self care": entry(syn="pamper day", rel="bubble bath, face mask, candles, bathrobe, tea, nail polish, book"),
    "hygge": entry(rel="candles, blanket, hot drink, wool socks, fireplace, book"),
    "nap time": entry(syn="naptime", rel="crib, baby, pillow, blanket, teddy bear, bed"),
    "power nap": entry(rel="couch, pillow, blanket, desk, eye mask, hammock"),
    "journaling": entry(rel="journal, pen, notebook, coffee, desk, candle"),
    # Running a home.
    "cooking dinner": entry(rel="stove, pot, frying pan, cutting board, vegetables, kitchen, apron"),
    "meal prep": entry(rel="food containers, chicken, rice, broccoli, cutting board, kitchen counter"),
    "grocery shopping": entry(rel="shopping cart, supermarket, grocery bags, vegetables, aisle, checkout"),
    "decluttering": entry(rel="boxes, donation bag, closet, shelves, clothes, labels"),
    "house hunting": entry(rel="for sale sign, house, real estate agent, empty room, keys, floor plan"),
    "new home": entry(syn="new house", rel="house keys, cardboard boxes, front door, sold sign, couple, empty room"),
    "blanket fort": entry(syn="pillow fort", rel="blankets, pillows, chairs, fairy lights, children, flashlight"),
    "new puppy": entry(rel="puppy, dog bed, chew toy, leash, crate, puppy food"),
    "vet visit": entry(
        syn="vet appointment", rel="veterinarian, dog, cat, examination table, pet carrier, stethoscope"
    ),
    "doctor's appointment": entry(
        syn="doctor visit, checkup", rel="stethoscope, waiting room, doctor, clinic, examination table"
    ),
    "hospital stay": entry(rel="hospital bed, iv drip, hospital gown, flowers, get well card, nurse"),
    # Christmas and the winter holidays.
    "christmas morning": entry(rel="christmas tree, presents, wrapping paper, pajamas, stockings, children, hot cocoa"),
    "christmas eve": entry(rel="christmas tree, candles, presents, cookies, stockings, fireplace, church"),
    "christmas baking": entry(rel="gingerbread, cookies, cookie cutters, rolling pin, flour, icing, sprinkles"),
    "ugly sweater party": entry(
        syn="christmas sweater party",
        rel="christmas sweater, friends, eggnog, cookies, santa hat, christmas tree",
    ),
    "secret santa": entry(rel="gifts, wrapping paper, santa hat, office, christmas tree, gift tag"),
    "christmas party": entry(rel="christmas tree, santa hat, drinks, presents, christmas lights, friends"),
    "christmas shopping": entry(rel="shopping bags, gifts, mall, christmas decorations, crowd, wrapping paper"),
    "santa visit": entry(syn="meeting santa", rel="santa claus, children, mall, christmas tree, elf, sleigh"),
    "nativity play": entry(rel="manger, shepherds, angel costume, tinsel, children, stage, baby jesus"),
    "sleigh ride": entry(rel="sleigh, horses, snow, blankets, sleigh bells, winter forest"),
    # Holidays and days of the year.
    "egg decorating": entry(
        syn="egg dyeing, egg painting", rel="easter eggs, dye, cups, paintbrush, egg carton, children"
    ),
    "super bowl party": entry(
        syn="super bowl sunday", rel="television, chicken wings, chips, beer, football, jersey, guacamole"
    ),
    "watch party": entry(rel="television, projector, couch, snacks, fans, jersey, screen"),
    "st patrick's day": entry(
        syn="saint patrick's day", rel="shamrock, green beer, leprechaun hat, parade, clover, irish flag"
    ),
    "cinco de mayo": entry(rel="sombrero, tacos, margarita, pinata, mariachi band, papel picado"),
    "mardi gras": entry(rel="beads, mask, parade float, king cake, jester hat, feathers"),
    "ramadan": entry(rel="lantern, dates, iftar table, mosque, crescent moon, prayer rug"),
    "eid": entry(
        syn="eid al-fitr, eid al-adha", rel="mosque, new clothes, sweets, henna, lanterns, prayer rug, family"
    ),
    "passover": entry(syn="seder", rel="seder plate, matzah, wine, haggadah, candles, table"),
    "rosh hashanah": entry(rel="apples, honey, shofar, challah, pomegranate, candles"),
    "kwanzaa": entry(rel="kinara, candles, corn, woven mat, unity cup, fruit"),
    "earth day": entry(rel="trees, seedling, recycling bin, globe, volunteers, trash bag"),
    "pride parade": entry(syn="pride march", rel="rainbow flag, parade, crowd, glitter, parade float, costumes"),
    "memorial day": entry(rel="american flag, cemetery, parade, veterans, barbecue, poppies"),
    "remembrance day": entry(
        syn="remembrance sunday, armistice day", rel="poppies, wreath, war memorial, veterans, medals, cenotaph"
    ),
    "bonfire night": entry(
        syn="guy fawkes night", rel="bonfire, fireworks, sparklers, night sky, crowd, toffee apples"
    ),
    "lantern festival": entry(rel="paper lanterns, sky lanterns, night sky, crowd, river, lights"),
    "friendsgiving": entry(rel="long table, roast turkey, pie, friends, wine, potluck dishes, candles"),
    # Milestones of babies and children.
    "first birthday": entry(rel="baby, smash cake, high chair, candle, balloons, party hat"),
    "first step": entry(rel="baby, toddler, parent, living room floor, hands, shoes"),
    "first haircut": entry(rel="barber chair, toddler, scissors, hair clippings, barber cape, barber"),
    "lost tooth": entry(rel="tooth, child, gap-toothed smile, tooth fairy, pillow, coin"),
    "tummy time": entry(rel="baby, play mat, blanket, toys, floor, mirror"),
    "pregnancy announcement": entry(
        syn="baby announcement", rel="ultrasound, baby shoes, chalkboard sign, couple, baby bump, onesie"
    ),
    "kids party": entry(syn="children's party", rel="children, balloons, cake, party hats, bouncy castle, clown"),
    "water fight": entry(
        syn="water balloon fight", rel="water gun, water balloons, buckets, garden hose, children, swimsuits"
    ),
    "dress up": entry(syn="dressing up", rel="costumes, tiara, cape, dress-up clothes, mirror, children"),
    "arts and crafts": entry(rel="glue, scissors, construction paper, glitter, crayons, pipe cleaners, googly eyes"),
    # Love, weddings and coming of age.
    "first date": entry(rel="couple, restaurant, flowers, candles, wine, coffee"),
    "coffee date": entry(rel="coffee cups, latte, cafe, couple, pastries, table"),
    "engagement party": entry(rel="engagement ring, champagne, couple, cake, balloons, friends"),
    "bachelor party": entry(syn="stag party, stag do", rel="beer, friends, bar, shot glasses, casino, limousine"),
    "bachelorette party": entry(
        syn="hen party, hen do", rel="sash, tiara, veil, cocktails, friends, balloons, limousine"
    ),
    "wedding day": entry(rel="bride, groom, wedding dress, bouquet, wedding rings, church, wedding cake"),
    "first dance": entry(rel="bride, groom, dance floor, spotlight, wedding dress, guests, string lights"),
    "elopement": entry(rel="couple, bride, groom, mountain, bouquet, courthouse, veil"),
    "sweet sixteen": entry(rel="cake, candles, balloons, tiara, friends, dress, banner"),
    "quinceanera": entry(
        syn="quinceañera, quince", rel="ball gown, tiara, cake, bouquet, dance floor, family, balloons"
    ),
    "bar mitzvah": entry(rel="torah, synagogue, kippah, prayer shawl, cake, dance floor"),
    "first communion": entry(syn="first holy communion", rel="white dress, veil, church, priest, candle, rosary"),
    "welcome home": entry(rel="banner, balloons, airport, flowers, family, soldier"),
    "farewell party": entry(
        syn="going away party, leaving party", rel="cake, banner, balloons, card, friends, suitcase"
    ),
    # School, college and work.
    "graduation day": entry(rel="cap and gown, diploma, mortarboard, tassel, family, stage, flowers"),
    "prom night": entry(rel="prom dress, tuxedo, corsage, limousine, boutonniere, dance floor"),
    "sports day": entry(
        syn="field day", rel="sack race, ribbon, running track, children, finish line, medals, egg and spoon"
    ),
    "finals week": entry(rel="library, textbooks, coffee, laptop, notes, highlighter, desk lamp"),
    "all nighter": entry(syn="all-nighter", rel="laptop, coffee, desk lamp, energy drink, books, clock"),
    "move in day": entry(syn="move-in day", rel="cardboard boxes, dorm room, car, parents, mini fridge, bedding"),
    "office party": entry(syn="work party", rel="colleagues, cake, balloons, office, drinks, party hat"),
    "team building": entry(rel="colleagues, ropes course, whiteboard, sticky notes, escape room, group"),
    "video call": entry(syn="zoom call, video chat", rel="laptop, webcam, screen, headphones, desk, microphone"),
    "volunteering": entry(rel="volunteers, t-shirts, food bank, boxes, gloves, soup kitchen"),
    "fundraiser": entry(rel="banner, donation box, volunteers, raffle tickets, table, balloons"),
    # Travel and outings.
    "family vacation": entry(syn="family holiday", rel="suitcase, beach, theme park, car, hotel, children, family"),
    "travel day": entry(rel="airport, suitcase, boarding pass, passport, airplane, train station, neck pillow"),
    "layover": entry(rel="airport lounge, departure board, gate, suitcase, coffee, bench"),
    "plane ride": entry(
        syn="airplane ride", rel="airplane seat, window, clouds, wing, tray table, headphones, neck pillow"
    ),
    "scenic drive": entry(rel="winding road, mountains, car, overlook, autumn trees, coastline"),
    "night drive": entry(rel="city lights, dashboard, headlights, highway, street lights, steering wheel"),
    "glamping": entry(rel="bell tent, fairy lights, rugs, cushions, yurt, campfire"),
    "van life": entry(syn="vanlife", rel="camper van, mattress, fairy lights, mountain view, road, surfboard"),
    "cabin getaway": entry(syn="cabin weekend", rel="log cabin, fireplace, lake, woods, hot tub, dock"),
    "lake day": entry(rel="lake, dock, boat, inner tube, kayak, life jacket, paddle board"),
    "beach day": entry(rel="beach, beach towel, beach umbrella, sand, bucket, cooler, waves, sunscreen"),
    "pool day": entry(rel="swimming pool, pool float, sun lounger, sunscreen, towel, goggles"),
    "apres ski": entry(syn="après-ski", rel="ski lodge, fireplace, mulled wine, ski boots, chalet, beer"),
    "sunrise hike": entry(rel="sunrise, mountain, summit, headlamp, trail, clouds"),
    "staycation": entry(rel="hotel room, swimming pool, backyard, hammock, couch, popcorn"),
    "island hopping": entry(rel="boat, islands, beach, turquoise water, ferry, palm trees"),
    "brewery tour": entry(rel="beer, brewery, brewing tanks, tasting glasses, barrels, hops"),
    # Shopping, food and fun out.
    "people watching": entry(rel="cafe terrace, street, crowd, bench, pedestrians, coffee"),
    "window shopping": entry(rel="shop window, storefront, mannequin, shopping street, display, mall"),
    "black friday": entry(rel="shopping bags, crowd, sale sign, store, shopping cart, queue"),
    "thrift shopping": entry(syn="thrifting", rel="thrift store, clothes rack, vintage clothes, hangers, price tags"),
    "picnic in the park": entry(rel="picnic blanket, picnic basket, sandwiches, park, grass, fruit"),
    "crawfish boil": entry(syn="seafood boil", rel="crawfish, corn on the cob, potatoes, newspaper, pot, sausage"),
    "open mic": entry(syn="open mic night", rel="microphone, stage, guitar, singer, coffee shop, spotlight"),
    "escape room": entry(rel="padlock, clues, keys, puzzle, timer, team"),
    "mani pedi": entry(
        syn="manicure and pedicure", rel="nail polish, manicure, pedicure chair, nail salon, feet, hands"
    ),
    # Sports days and races.
    "race day": entry(rel="grandstand, finish line, race car, checkered flag, runners, bib number, crowd"),
    "marathon": entry(rel="runners, bib number, finish line, crowd, water station, medal"),
    "fun run": entry(rel="runners, costumes, bib number, finish line, park, colored powder"),
    "soccer practice": entry(rel="soccer ball, cones, field, cleats, children, goal, coach"),
    "little league": entry(rel="baseball, bat, baseball glove, dugout, children, uniform, baseball diamond"),
    "swim meet": entry(rel="swimming pool, swimmers, lanes, goggles, starting block, stopwatch"),
}
