import KocodeLink
import KocodeSupport

/// The link's sentences: what went wrong with a board, and what to do.
extension CLIText {
  func noKocodeBoard() -> String {
    pick(
      "aucune carte Kocode n’a répondu. Vérifie le câble USB ; une carte neuve a besoin du "
        + "firmware : kocode firmware install --port PORT. (kocode ports montre les ports.)",
      "no Kocode board answered. Check the USB cable; a new board needs the firmware: "
        + "kocode firmware install --port PORT. (kocode ports lists the ports.)")
  }

  func noBoardNamed(_ name: String, known: [String]) -> String {
    let list = known.isEmpty ? pick("aucune", "none") : known.joined(separator: ", ")
    return pick(
      "aucune carte ne s’appelle « \(name) ». Cartes trouvées : \(list).",
      "no board is called “\(name)”. Boards found: \(list).")
  }

  func severalBoards(_ labels: [String]) -> String {
    pick(
      "plusieurs cartes Kocode sont branchées (\(labels.joined(separator: ", "))) : "
        + "choisis-en une avec --port, ou --all pour toutes.",
      "several Kocode boards are connected (\(labels.joined(separator: ", "))): "
        + "pick one with --port, or --all for every one.")
  }
}

/// Link and flash errors as command failures: a plain message and the exit
/// code of `cli.md`.
enum LinkText {
  static func failure(_ error: LinkError, _ text: CLIText) -> CommandFailure {
    switch error {
    case .noSuchPort(let port):
      CommandFailure(
        .ioError,
        text.pick(
          "le port \(port) n’existe pas. La carte est-elle branchée ? kocode ports montre "
            + "les ports présents.",
          "no such port: \(port). Is the board plugged in? kocode ports lists the ports."))
    case .permissionDenied(let port):
      CommandFailure(
        .ioError,
        text.pick(
          "pas le droit d’ouvrir \(port). Ajoute l’utilisateur au groupe dialout "
            + "(sudo usermod -aG dialout $USER), puis ferme la session et reconnecte-toi.",
          "permission denied on \(port). Add the user to the dialout group "
            + "(sudo usermod -aG dialout $USER), then log out and in again."))
    case .busy(let port):
      CommandFailure(
        .unavailable,
        text.pick(
          "\(port) est occupé par un autre programme (un autre kocode, un moniteur série, "
            + "ModemManager). Ferme-le et réessaie.",
          "\(port) is busy: another program holds it (another kocode, a serial monitor, "
            + "ModemManager). Close it and try again."))
    case .noAnswer(let port):
      CommandFailure(
        .unavailable,
        text.pick(
          "la carte sur \(port) ne répond pas comme une carte Kocode. Installe le firmware : "
            + "kocode firmware install --port \(port).",
          "the board on \(port) does not answer as a Kocode board. Install the firmware: "
            + "kocode firmware install --port \(port)."))
    case .lost(let port):
      CommandFailure(
        .ioError,
        text.pick(
          "la liaison avec \(port) est perdue (câble débranché ou carte redémarrée).",
          "the link to \(port) is lost (cable unplugged or board restarted)."))
    case .system(let port, let reason):
      CommandFailure(
        .ioError, text.pick("\(port) : \(reason)", "\(port): \(reason)"))
    }
  }

  static func failure(_ error: FlashError, port: String, _ text: CLIText) -> CommandFailure {
    switch error {
    case .link(let link):
      return failure(link, text)
    case .firmwareTooOld(let found, let needed):
      return CommandFailure(
        .unavailable,
        text.pick(
          "le firmware de la carte (version \(found)) est trop ancien ; il faut la version "
            + "\(needed). Mets-le à jour : kocode firmware install --port \(port).",
          "the board's firmware (version \(found)) is too old; version \(needed) is needed. "
            + "Update it: kocode firmware install --port \(port)."))
    case .wrongBoard(let imageBoard, let boardID):
      return CommandFailure(
        .unavailable,
        text.pick(
          "ce programme est fait pour un autre type de carte (n° \(imageBoard)) que celle "
            + "de \(port) (n° \(boardID)). Recompile-le avec --board.",
          "this program was built for another board type (#\(imageBoard)) than the one on "
            + "\(port) (#\(boardID)). Build it again with --board."))
    case .tooLarge(let bytes, let limit):
      return CommandFailure(
        .dataError,
        text.pick(
          "le programme fait \(bytes) octets, la carte n’en accepte que \(limit). "
            + "Enlève des blocs.",
          "the program is \(bytes) bytes; the board takes at most \(limit). Remove some blocks."
        ))
    case .refused(let code, let offset):
      return CommandFailure(
        .software,
        text.pick(
          "la carte a refusé l’image (vérificateur : code \(code) à l’octet \(offset)). "
            + "C’est un bogue de Kocode : signale-le. L’ancien programme est toujours là.",
          "the board refused the image (verifier: code \(code) at byte \(offset)). "
            + "This is a bug in Kocode: please report it. The old program is still there."))
    case .interrupted(let link):
      let reason = failure(link, text).message
      return CommandFailure(
        .ioError,
        text.pick(
          "envoi interrompu : \(reason) L’ancien programme est toujours sur la carte ; "
            + "rebranche-la et recommence.",
          "upload interrupted: \(reason) The old program is still on the board; "
            + "reconnect it and try again."))
    case .notConfirmed(let expected, let reported):
      return CommandFailure(
        .ioError,
        text.pick(
          "la carte ne confirme pas le nouveau programme (CRC \(BuildCommand.hex(reported)) "
            + "au lieu de \(BuildCommand.hex(expected))). Recommence.",
          "the board does not confirm the new program (CRC \(BuildCommand.hex(reported)) "
            + "instead of \(BuildCommand.hex(expected))). Try again."))
    case .unexpected(let step, let status):
      return CommandFailure(
        .software,
        text.pick(
          "la carte a répondu \(status) à l’étape \(step) : c’est un bogue, signale-le.",
          "the board answered \(status) at step \(step): this is a bug, please report it."))
    }
  }
}
