/// The words and numbers generated programs are made of: names a pupil
/// might choose (accents and symbols included, to exercise both readers'
/// escaping), and the Uno greenhouse's pins and LEDs.
enum Vocabulary {
  static let variableNames = [
    "compteur", "niveau", "x", "y", "total", "température_max", "Humidité", "seuil",
    "état", "arrosé", "ok", "nuit", "a&b", "<val>", "n°1", "score", "🌱",
  ]

  static let procedureNames = [
    "arroser_plante", "calculer", "vérifier", "Clignoter", "mesure", "faire & refaire",
    "double", "test<1>", "moyenne",
  ]

  static let parameterNames = ["p", "valeur", "q", "drapeau", "n", "durée", "k"]

  /// Loop variables of `controls_for` and counters of bounded `while` loops.
  static let counterNames = ["i", "j", "tour", "compte", "pas", "rang"]

  static let labels = [
    "sol", "lumière", "temp", "x", "valeur \"brute\"", "a < b & c", "🌡️", "niveau d'eau", "",
  ]

  static let messages = [
    "Bonjour !", "arrosage", "trop sec", "<fin>", "l'eau & le sol", "ok", "Ça pousse 🌱",
  ]

  static let leds = ["GREEN", "RED", "BUILTIN"]
  static let freePins = ["D9", "D10", "D11"]
  static let analogPins = ["A0", "A1", "A2", "A3", "A4", "A5"]
  static let digitalPins = ["D2", "D3"]

  /// Numbers at the edges of the encodings: 0/1 have their own opcodes,
  /// then 8, 16 and 32 bits.
  static let edgeNumbers: [Int] = [
    0, 1, -1, 127, 128, -128, -129, 32767, 32768, -32768, -32769,
    Int(Int32.max), Int(Int32.min), Int(Int32.max) - 1, Int(Int32.min) + 1,
  ]

  /// The characters of Blockly's own block ids (`Blockly.utils.idGenerator`):
  /// none of them needs escaping in JSON or in an XML attribute.
  static let idCharacters = Array(
    "!#$%()*+,-./:;=?@[]^_`{|}~ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
}
