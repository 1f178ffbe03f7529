import KocodeSupport

/// The words of every diagnostic, in French and in English, one function
/// per code (`DiagnosticCode`), so that the wording is reviewed in one
/// place.
///
/// Readers are 11–13 years old: each message names the block as the editor
/// shows it, says what is wrong in plain words and what to do about it.
/// Block and variable names are quoted « comme ceci » in French, “like this” in English.
public enum Messages {
  /// Why a value has the wrong type, for `typeMismatch`.
  public enum TypeMismatch: Sendable, Equatable {
    /// A socket gets a value of the wrong type.
    case input(expected: [ValueType], got: ValueType)
    /// A socket gets a variable that holds another type elsewhere.
    case variableRead(expected: [ValueType], variable: String, holds: ValueType)
    /// A block stores a value of one type in a variable of another.
    case variableWrite(variable: String, holds: ValueType, got: ValueType)
    /// A call gives a parameter a value of another type than the
    /// procedure uses.
    case argument(procedure: String, parameter: String, expected: ValueType, got: ValueType)
    /// A call's result is used as another type than the procedure returns.
    case result(procedure: String, returns: ValueType, usedAs: ValueType)
    /// A value call to a procedure that returns nothing.
    case noResult(procedure: String)
    /// A return gives another type than the procedure returns elsewhere.
    case returnValue(procedure: String, returns: ValueType, got: ValueType)
    /// Two sockets that must agree do not (compare, if-then-else).
    case sides(ValueType, ValueType)
  }

  /// What the board lacks, for `unsupportedOnBoard`.
  public enum Unsupported: Sendable, Equatable {
    /// A field option Blockly knows but this board cannot compute.
    case operation(String, supported: [String])
    /// A sensor the board does not have.
    case sensor
    /// An output (pump, buzzer) the board does not have.
    case output
    /// An LED name the board does not have.
    case led(String, available: [String])
  }

  /// Where a block was found that the editor never puts there.
  public enum Misplacement: Sendable, Equatable {
    /// A value block in a stack of statements.
    case valueInStack
    /// A statement block in a value socket.
    case statementInSocket
    /// A hat or definition inside another block or below one.
    case startInside
  }

  // MARK: - Reader and code generator

  public static func malformedProgram(detail: String) -> Localized {
    Localized(
      fr: "Ce fichier n'est pas un programme Kocode lisible (\(detail)). "
        + "Enregistre-le de nouveau depuis l'éditeur.",
      en: "This file is not a Kocode program that can be read (\(detail)). "
        + "Save it again from the editor.")
  }

  public static func programTooLarge(bytesUsed: Int, bytesAvailable: Int) -> Localized {
    Localized(
      fr: "Le programme est trop gros pour la carte : il prend \(bytesUsed) octets "
        + "et la carte n'a de la place que pour \(bytesAvailable). "
        + "Simplifie-le, par exemple avec des fonctions pour les parties répétées.",
      en: "The program is too big for the board: it takes \(bytesUsed) bytes "
        + "and the board only has room for \(bytesAvailable). "
        + "Make it simpler, for example with functions for the parts that repeat.")
  }

  public static func programTooDeep(slots: Int, limit: Int) -> Localized {
    Localized(
      fr: "Les scripts ont besoin de trop de mémoire de calcul (\(slots) cases sur "
        + "\(limit)). Découpe les grands calculs ou emboîte moins de blocs.",
      en: "The scripts need too much working memory (\(slots) slots of \(limit)). "
        + "Split big calculations or nest fewer blocks.")
  }

  public static func tooManyTexts(count: Int, limit: Int) -> Localized {
    Localized(
      fr: "Le programme utilise \(count) textes différents (étiquettes et messages) ; "
        + "la carte en accepte \(limit). Réutilise les mêmes textes.",
      en: "The program uses \(count) different texts (labels and messages); "
        + "the board accepts \(limit). Reuse the same texts.")
  }

  // MARK: - Blocks and fields

  public static func unknownBlock(type: String) -> Localized {
    Localized(
      fr: "Le bloc « \(type) » n'existe pas dans Kocode : enlève-le, "
        + "ou ouvre le programme dans l'éditeur Kocode.",
      en: "There is no “\(type)” block in Kocode: remove it, "
        + "or open the program in the Kocode editor.")
  }

  public static func missingInput(block: Localized, expects: [ValueType]) -> Localized {
    let wanted = expectation(expects)
    return Localized(
      fr: "Le bloc « \(block.fr) » a un trou vide : mets-y \(wanted.fr).",
      en: "The “\(block.en)” block has an empty slot: put \(wanted.en) in it.")
  }

  /// A field value that is not one of `options` (empty `options`: a value
  /// that cannot be read, such as a variable with no name).
  public static func invalidField(block: Localized, value: String, options: [String])
    -> Localized
  {
    let shown = value.isEmpty ? Localized(fr: "(vide)", en: "(empty)") : quoted(value)
    guard !options.isEmpty else {
      return Localized(
        fr: "Le bloc « \(block.fr) » a une valeur incorrecte \(shown.fr) : "
          + "choisis-la de nouveau dans l'éditeur.",
        en: "The “\(block.en)” block has a wrong value \(shown.en): "
          + "choose it again in the editor.")
    }
    let choices = list(options)
    return Localized(
      fr: "Le bloc « \(block.fr) » a un choix inconnu \(shown.fr) : choisis \(choices.fr).",
      en: "The “\(block.en)” block has an unknown choice \(shown.en): pick \(choices.en).")
  }

  public static func misplacedBlock(block: Localized, _ place: Misplacement) -> Localized {
    switch place {
    case .valueInStack:
      Localized(
        fr: "Le bloc « \(block.fr) » donne une valeur : mets-le dans le trou d'un autre "
          + "bloc, pas dans une pile.",
        en: "The “\(block.en)” block gives a value: put it in the slot of another "
          + "block, not in a stack.")
    case .statementInSocket:
      Localized(
        fr: "Le bloc « \(block.fr) » ne donne pas de valeur : il ne peut pas aller dans "
          + "un trou, mets-le dans une pile.",
        en: "The “\(block.en)” block gives no value: it cannot go in a slot, "
          + "put it in a stack.")
    case .startInside:
      Localized(
        fr: "Le bloc « \(block.fr) » doit être tout en haut d'une pile, seul : "
          + "sors-le du bloc où il est.",
        en: "The “\(block.en)” block must be at the very top of a stack: "
          + "take it out of the block it is in.")
    }
  }

  // MARK: - Types

  public static func typeMismatch(block: Localized, _ mismatch: TypeMismatch) -> Localized {
    switch mismatch {
    case .input(let expected, let got):
      let (wanted, found) = (expectation(expected), kind(got))
      return Localized(
        fr: "Le bloc « \(block.fr) » attend \(wanted.fr), mais reçoit \(found.fr).",
        en: "The “\(block.en)” block expects \(wanted.en), but gets \(found.en).")
    case .variableRead(let expected, let variable, let holds):
      return variableRead(block: block, expected: expected, variable: variable, holds: holds)
    case .variableWrite(let variable, let holds, let got):
      return variableWrite(block: block, variable: variable, holds: holds, got: got)
    case .sides(let first, let second):
      return sidesMismatch(block: block, first, second)
    case .argument(let procedure, let parameter, let expected, let got):
      return argumentMismatch(procedure, parameter, expected: expected, got: got)
    case .result(let procedure, let returns, let usedAs):
      let (given, used) = (kind(returns), kind(usedAs))
      return Localized(
        fr: "La fonction « \(procedure) » donne \(given.fr), mais ici son résultat est "
          + "utilisé comme \(used.fr).",
        en: "The function “\(procedure)” gives \(given.en), but here its result is "
          + "used as \(used.en).")
    case .noResult(let procedure):
      return Localized(
        fr: "La fonction « \(procedure) » ne donne pas de résultat : utilise le bloc "
          + "« appeler la fonction », ou ajoute un résultat à la fonction.",
        en: "The function “\(procedure)” gives no result: use the “call function” "
          + "block, or give the function a result.")
    case .returnValue(let procedure, let returns, let got):
      return returnMismatch(block: block, procedure, returns: returns, got: got)
    }
  }

  private static func variableRead(
    block: Localized, expected: [ValueType], variable: String, holds: ValueType
  ) -> Localized {
    let (wanted, found) = (expectation(expected), kind(holds))
    return Localized(
      fr: "Le bloc « \(block.fr) » attend \(wanted.fr), mais la variable « \(variable) » "
        + "contient \(found.fr) ailleurs dans le programme. \(sameKind.fr)",
      en: "The “\(block.en)” block expects \(wanted.en), but the variable "
        + "“\(variable)” holds \(found.en) elsewhere in the program. \(sameKind.en)")
  }

  private static func variableWrite(
    block: Localized, variable: String, holds: ValueType, got: ValueType
  ) -> Localized {
    let (held, given) = (kind(holds), kind(got))
    return Localized(
      fr: "Le bloc « \(block.fr) » met \(given.fr) dans « \(variable) », "
        + "mais « \(variable) » "
        + "contient \(held.fr) ailleurs dans le programme. \(sameKind.fr)",
      en: "The “\(block.en)” block puts \(given.en) in “\(variable)”, but "
        + "“\(variable)” holds \(held.en) elsewhere in the program. \(sameKind.en)")
  }

  private static func sidesMismatch(block: Localized, _ first: ValueType, _ second: ValueType)
    -> Localized
  {
    let (one, other) = (kind(first), kind(second))
    return Localized(
      fr: "Le bloc « \(block.fr) » reçoit \(one.fr) d'un côté et \(other.fr) de l'autre : "
        + "mets le même genre de valeur des deux côtés.",
      en: "The “\(block.en)” block gets \(one.en) on one side and \(other.en) on the "
        + "other: put the same kind of value on both sides.")
  }

  private static func argumentMismatch(
    _ procedure: String, _ parameter: String, expected: ValueType, got: ValueType
  ) -> Localized {
    let (used, given) = (kind(expected), kind(got))
    return Localized(
      fr: "Cet appel donne \(given.fr) pour « \(parameter) », mais la fonction "
        + "« \(procedure) » s'en sert comme \(used.fr) : donne-lui \(used.fr).",
      en: "This call gives \(given.en) for “\(parameter)”, but the function "
        + "“\(procedure)” uses it as \(used.en): give it \(used.en).")
  }

  private static func returnMismatch(
    block: Localized, _ procedure: String, returns: ValueType, got: ValueType
  ) -> Localized {
    let (expected, given) = (kind(returns), kind(got))
    return Localized(
      fr: "Le bloc « \(block.fr) » renvoie \(given.fr), mais la fonction « \(procedure) » "
        + "renvoie \(expected.fr) ailleurs : une fonction donne toujours le même genre "
        + "de valeur.",
      en: "The “\(block.en)” block returns \(given.en), but the function "
        + "“\(procedure)” returns \(expected.en) elsewhere: a function always gives "
        + "the same kind of value.")
  }

  // MARK: - Structure

  public static func notInLoop(block: Localized) -> Localized {
    Localized(
      fr: "Le bloc « \(block.fr) » ne marche que dans une boucle (« répéter », "
        + "« compter avec », « répéter indéfiniment »…) : mets-le dedans.",
      en: "The “\(block.en)” block only works inside a loop (“repeat”, "
        + "“count with”, “forever”…): put it inside one.")
  }

  public static func notInProcedure(block: Localized) -> Localized {
    Localized(
      fr: "Le bloc « \(block.fr) » ne marche que dans une fonction : mets-le dans un "
        + "bloc « définir la fonction ».",
      en: "The “\(block.en)” block only works inside a function: put it in a "
        + "“define function” block.")
  }

  /// `block` is the block that follows `kocode_forever`.
  public static func noBlockAfterForever(block: Localized) -> Localized {
    Localized(
      fr: "Le bloc « \(block.fr) » ne s'exécutera jamais : « répéter indéfiniment » ne "
        + "s'arrête pas. Mets-le avant, ou dans la boucle.",
      en: "The “\(block.en)” block will never run: “forever” never stops. "
        + "Put it before, or inside the loop.")
  }

  public static func tooManyScripts(count: Int, limit: Int) -> Localized {
    Localized(
      fr: "Ce programme a \(count) scripts (blocs « au démarrage », « toutes les », "
        + "« quand »), mais la carte n'en fait tourner que \(limit) à la fois : "
        + "regroupe-en certains.",
      en: "This program has \(count) scripts (“at start”, “every”, “when” blocks), "
        + "but the board only runs \(limit) at once: merge some of them.")
  }

  public static func tooManyVariables(count: Int, limit: Int) -> Localized {
    Localized(
      fr: "Ce programme utilise \(count) variables, mais la carte n'en a que \(limit) : "
        + "réutilise ou supprime des variables.",
      en: "This program uses \(count) variables, but the board only has \(limit): "
        + "reuse or remove some variables.")
  }

  // MARK: - Procedures

  public static func recursion(procedure: String) -> Localized {
    Localized(
      fr: "La fonction « \(procedure) » s'appelle elle-même (directement ou par d'autres "
        + "fonctions) : la carte ne sait pas faire ça. Utilise plutôt une boucle.",
      en: "The function “\(procedure)” calls itself (directly or through other "
        + "functions): the board cannot do that. Use a loop instead.")
  }

  public static func unknownProcedure(name: String) -> Localized {
    Localized(
      fr: "Il n'y a pas de fonction « \(name) » : crée-la avec « définir la fonction », "
        + "ou enlève cet appel.",
      en: "There is no function “\(name)”: make it with “define function”, "
        + "or remove this call.")
  }

  public static func wrongArgumentCount(procedure: String, expected: Int, got: Int)
    -> Localized
  {
    let (wanted, given) = (values(expected), values(got))
    return Localized(
      fr: "La fonction « \(procedure) » attend \(wanted.fr), mais cet appel en donne "
        + "\(given.fr) : remplace-le par un nouvel appel pris dans « Fonctions ».",
      en: "The function “\(procedure)” expects \(wanted.en), but this call gives "
        + "\(given.en): replace it with a new call from “Functions”.")
  }

  public static func duplicateProcedure(name: String) -> Localized {
    Localized(
      fr: "Il y a déjà une fonction « \(name) » : donne un autre nom à celle-ci "
        + "(majuscules et minuscules ne comptent pas).",
      en: "There is already a function “\(name)”: give this one another name "
        + "(capital letters do not count).")
  }

  public static func disabledProcedure(name: String) -> Localized {
    Localized(
      fr: "La fonction « \(name) » est désactivée : cet appel ne fera rien. "
        + "Réactive-la pour qu'il serve.",
      en: "The function “\(name)” is disabled: this call will do nothing. "
        + "Enable it to make the call work.")
  }

  // MARK: - Board

  public static func unsupportedOnBoard(
    block: Localized, board: Localized, _ what: Unsupported
  ) -> Localized {
    switch what {
    case .operation(let operation, let supported):
      let choices = list(supported)
      return Localized(
        fr: "Le bloc « \(block.fr) » ne sait pas faire \(operation) sur la carte, qui ne "
          + "compte qu'en nombres entiers : choisis \(choices.fr).",
        en: "The “\(block.en)” block cannot do \(operation) on the board, which only "
          + "counts in whole numbers: pick \(choices.en).")
    case .sensor:
      return Localized(
        fr: "La carte « \(board.fr) » n'a pas le capteur du bloc « \(block.fr) » : "
          + "enlève ce bloc ou choisis une autre carte.",
        en: "The board “\(board.en)” has no sensor for the “\(block.en)” block: "
          + "remove the block or choose another board.")
    case .output:
      return Localized(
        fr: "La carte « \(board.fr) » n'a pas la sortie du bloc « \(block.fr) » : "
          + "enlève ce bloc ou choisis une autre carte.",
        en: "The board “\(board.en)” has no output for the “\(block.en)” block: "
          + "remove the block or choose another board.")
    case .led(let name, let available):
      let choices = list(available)
      return Localized(
        fr: "La carte « \(board.fr) » n'a pas de LED « \(name) » : choisis \(choices.fr).",
        en: "The board “\(board.en)” has no “\(name)” LED: pick \(choices.en).")
    }
  }

  public static func pinNotAvailable(block: Localized, pin: String, available: [String])
    -> Localized
  {
    let shown = pin.isEmpty ? Localized(fr: "(vide)", en: "(empty)") : quoted(pin)
    let choices = list(available)
    return Localized(
      fr: "Le bloc « \(block.fr) » ne peut pas utiliser la broche \(shown.fr) sur cette "
        + "carte : choisis \(choices.fr).",
      en: "The “\(block.en)” block cannot use pin \(shown.en) on this board: "
        + "pick \(choices.en).")
  }

  // MARK: - Numbers

  public static func numberOutOfRange(number: String) -> Localized {
    Localized(
      fr: "Le nombre \(number) est trop grand pour la carte : elle compte de "
        + "-2147483648 à 2147483647.",
      en: "The number \(number) is too big for the board: it counts from "
        + "-2147483648 to 2147483647.")
  }

  public static func notAnInteger(number: String) -> Localized {
    Localized(
      fr: "La carte ne connaît que les nombres entiers : remplace \(number) par un nombre "
        + "sans virgule.",
      en: "The board only knows whole numbers: replace \(number) with a number "
        + "without a decimal point.")
  }

  // MARK: - Warnings

  public static func orphanBlocks(block: Localized) -> Localized {
    Localized(
      fr: "Le bloc « \(block.fr) » n'est accroché à aucun bloc de départ, il ne "
        + "s'exécutera jamais : accroche-le sous « au démarrage », « toutes les » "
        + "ou « quand ».",
      en: "The “\(block.en)” block is not attached to a start block, so it will "
        + "never run: attach it under “at start”, “every” or “when”.")
  }

  public static func neverSet(variable: String) -> Localized {
    Localized(
      fr: "La variable « \(variable) » est lue mais ne reçoit jamais de valeur : elle "
        + "vaudra toujours 0 (ou faux). Donne-lui une valeur avec « mettre ».",
      en: "The variable “\(variable)” is read but never gets a value: it will always "
        + "be 0 (or false). Give it a value with “set”.")
  }

  public static func nothingRuns() -> Localized {
    Localized(
      fr: "Rien ne se lancera : ajoute un bloc « au démarrage », « toutes les » ou "
        + "« quand », et accroche tes blocs dessous.",
      en: "Nothing will run: add an “at start”, “every” or “when” block, "
        + "and attach your blocks under it.")
  }

  public static func duplicateID(id: String) -> Localized {
    Localized(
      fr: "Deux blocs ont le même identifiant « \(id) ». Le programme marche quand même ; "
        + "ouvre-le et enregistre-le dans l'éditeur pour corriger ça.",
      en: "Two blocks have the same id “\(id)”. The program still works; "
        + "open and save it in the editor to fix this.")
  }

  // MARK: - Pieces of sentences

  private static let sameKind = Localized(
    fr: "Une variable garde toujours le même genre de valeur.",
    en: "A variable always keeps the same kind of value.")

  /// A value of one type: « un nombre » / "a number".
  private static func kind(_ type: ValueType) -> Localized {
    switch type {
    case .number: Localized(fr: "un nombre", en: "a number")
    case .boolean: Localized(fr: "une valeur vrai/faux", en: "a true/false value")
    case .text: Localized(fr: "un texte", en: "a text")
    }
  }

  /// What a socket wants: a condition for Booleans, else the list of kinds.
  private static func expectation(_ types: [ValueType]) -> Localized {
    if types == [.boolean] {
      return Localized(fr: "une condition vrai/faux", en: "a true/false condition")
    }
    let kinds = types.map(kind)
    return Localized(
      fr: join(kinds.map(\.fr), last: " ou "), en: join(kinds.map(\.en), last: " or "))
  }

  /// "2 valeurs" / "2 values", with the singular for one.
  private static func values(_ count: Int) -> Localized {
    count == 1
      ? Localized(fr: "1 valeur", en: "1 value")
      : Localized(fr: "\(count) valeurs", en: "\(count) values")
  }

  private static func quoted(_ text: String) -> Localized {
    Localized(fr: "“\(text)”", en: "“\(text)”")
  }

  /// A list of options: "A, B ou C" / "A, B or C" (or "nothing").
  private static func list(_ options: [String]) -> Localized {
    guard !options.isEmpty else {
      return Localized(fr: "un autre bloc", en: "another block")
    }
    return Localized(
      fr: join(options, last: " ou "), en: join(options, last: " or "))
  }

  private static func join(_ items: [String], last: String) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + last + items[items.count - 1]
  }
}
