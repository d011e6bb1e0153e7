/// The words item families draw from. Kept in code, not in `Corpora/lexicons`, so a family
/// needs no data folder and generates the same items wherever it runs. The object words are
/// chosen apart from the `objects-en`/`objects-zh` lexicons, so the `rename` perturbation
/// leaves category-dependent answers (object counting) intact; the people's names are those of
/// `names-en`, so `rename` does apply to them.
public enum FamilyVocabulary {
    /// People's names (English), all distinct and all in `names-en`.
    public static let names = [
        "Alice", "Ben", "Carla", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jamal",
        "Keiko", "Liam", "Maya", "Noah", "Olivia", "Pedro", "Quinn", "Rosa", "Samir", "Tara",
        "Umar", "Vera", "Wes", "Xenia", "Yusuf", "Zoe", "Amara", "Bruno", "Chloe", "Dmitri",
    ]

    /// Colours for "a red ball" style objects.
    public static let colors = [
        "red", "blue", "green", "yellow", "purple", "orange", "white", "black", "pink", "brown",
        "gray", "gold", "silver", "teal",
    ]

    /// Lowercase English words for sorting (no word is a prefix-duplicate of another entry).
    public static let sortingWords: [String] = """
    abacus acorn admiral anchor anvil arch arrow atlas autumn avenue badge bamboo banner barley
    basin beacon bishop blanket blossom bonfire border bracket breeze bridge bronze bucket
    cabin cactus canal canyon captain carpet castle cedar cellar chalk channel chapter cherry
    circle citadel clover cobalt comet copper coral cottage crater crystal current cushion
    dagger dawn delta desert diamond dolphin domain dragon drift dune eagle echo eclipse
    ember empire engine estate falcon fathom feather fern ferry fiddle fjord flint forest
    fossil fountain frost galaxy garden garnet geyser glacier globe granite gravel grove
    harbor harvest hazel helmet hermit hollow horizon hunter iceberg island ivory jacket
    jasmine jungle kernel kettle kingdom ladder lagoon lantern lattice legend lemon lily
    linen lotus magnet maple mantle meadow mercury meteor mirror monsoon mosaic mountain
    nectar needle nomad oasis ocean olive orbit orchard oxygen paddle palace parade pebble
    pepper pilgrim pioneer planet plaza pocket portal prairie prism quarry quartz quiver
    rabbit radar rainbow raven reef rivet ridge river rocket saddle saffron salmon satin
    scholar season shadow shelter signal silk sketch sparrow spiral spring statue summit
    swamp tablet temple thunder timber tower tulip tundra tunnel umbrella valley velvet
    venture village violet volcano walnut warden willow window winter wizard yonder zenith
    """.split(whereSeparator: \.isWhitespace).map(String.init)

    /// A countable thing with its English singular/plural and Chinese name and measure word.
    public struct Thing: Sendable, Hashable {
        public let singular: String
        public let plural: String
        public let chinese: String
        public let measure: String
    }

    /// A category of things for object counting ("fruits", "musical instruments", ...).
    public struct Category: Sendable, Hashable {
        public let english: String
        public let chinese: String
        public let members: [Thing]
    }

    private static func things(_ spec: String) -> [Thing] {
        spec.split(separator: ";").map { entry in
            let parts = entry.split(separator: ",").map { String($0).trimmingSpaces() }
            return Thing(singular: parts[0], plural: parts[1], chinese: parts[2], measure: parts[3])
        }
    }

    /// The object-counting categories; no thing belongs to two categories.
    public static let categories: [Category] = [
        Category(english: "fruits", chinese: "水果", members: things(
            "banana,bananas,香蕉,根;peach,peaches,桃子,个;plum,plums,李子,个;grape,grapes,葡萄,颗;"
            + "lemon,lemons,柠檬,个;mango,mangoes,芒果,个;pear,pears,梨,个;strawberry,strawberries,草莓,颗")),
        Category(english: "vegetables", chinese: "蔬菜", members: things(
            "carrot,carrots,胡萝卜,根;potato,potatoes,土豆,个;onion,onions,洋葱,个;cabbage,cabbages,卷心菜,颗;"
            + "cucumber,cucumbers,黄瓜,根;tomato,tomatoes,西红柿,个;pumpkin,pumpkins,南瓜,个")),
        Category(english: "animals", chinese: "动物", members: things(
            "cat,cats,猫,只;dog,dogs,狗,只;rabbit,rabbits,兔子,只;goat,goats,山羊,只;"
            + "duck,ducks,鸭子,只;pig,pigs,猪,头;cow,cows,奶牛,头;snail,snails,蜗牛,只")),
        Category(english: "musical instruments", chinese: "乐器", members: things(
            "violin,violins,小提琴,把;piano,pianos,钢琴,架;flute,flutes,长笛,支;drum,drums,鼓,面;"
            + "trumpet,trumpets,小号,把;guitar,guitars,吉他,把;clarinet,clarinets,单簧管,支")),
        Category(english: "pieces of furniture", chinese: "家具", members: things(
            "chair,chairs,椅子,把;table,tables,桌子,张;sofa,sofas,沙发,张;bed,beds,床,张;"
            + "wardrobe,wardrobes,衣柜,个;stool,stools,凳子,个;bookshelf,bookshelves,书架,个")),
    ]

    /// English number words for counts 1...10 ("a"/"an" is used for 1).
    public static let englishNumbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    /// Chinese number words for counts 1...10 (两 before a measure word for 2).
    public static let chineseNumbers = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"]
}
