import KocodeLink
import KocodeSupport

/// The sentences of `kocode firmware install`, in French and English.
extension CLIText {
  func installing(_ board: String, port: String) -> Localized {
    Localized(
      fr: "Installation du firmware \(board) sur \(port) : la carte redémarre dans son "
        + "bootloader, ne la débranche pas…",
      en: "Installing the \(board) firmware on \(port): the board restarts into its "
        + "bootloader, do not unplug it…")
  }

  func written(seconds duration: Duration) -> Localized {
    let (seconds, attoseconds) = duration.components
    let tenths = Int(seconds) * 10 + Int(attoseconds / 100_000_000_000_000_000)
    let fr = "\(tenths / 10),\(tenths % 10)"
    let en = "\(tenths / 10).\(tenths % 10)"
    return Localized(
      fr: "Écrit et vérifié en \(fr) s. Attente du démarrage de la carte…",
      en: "Written and verified in \(en) s. Waiting for the board to start…")
  }

  func installed(_ info: BoardInfo, board: String, port: String) -> Localized {
    Localized(
      fr: "Firmware \(info.firmwareVersion) installé sur \(port) : la carte \(board) répond.",
      en: "Firmware \(info.firmwareVersion) installed on \(port): the \(board) board answers.")
  }

  func avrdudeNotInSync(_ port: String) -> String {
    pick(
      "la carte sur \(port) ne répond pas à avrdude (« not in sync »). Vérifie le câble USB "
        + "et le port (kocode ports), puis réessaie ; si cela recommence, appuie sur le bouton "
        + "reset de la carte juste au moment où l’installation commence.",
      "the board on \(port) does not answer avrdude (\"not in sync\"). Check the USB cable "
        + "and the port (kocode ports), then try again; if it happens again, press the "
        + "board's reset button just as the install starts.")
  }

  func avrdudeVerification(_ port: String) -> String {
    pick(
      "le firmware relu sur \(port) ne correspond pas à celui écrit. Essaie un autre câble "
        + "USB ou un autre port, puis recommence l’installation.",
      "the firmware read back from \(port) differs from what was written. Try another USB "
        + "cable or port, then install again.")
  }

  func avrdudeFailed(_ lines: String) -> String {
    pick(
      "avrdude a échoué :\n\(lines)\nVérifie le câble, le port et le type de carte (--board).",
      "avrdude failed:\n\(lines)\nCheck the cable, the port and the board type (--board).")
  }

  func silentAfter(_ port: String) -> String {
    pick(
      "le firmware est écrit, mais la carte sur \(port) ne répond pas comme une carte Kocode. "
        + "Débranche-la, rebranche-la, puis lance kocode ports --probe.",
      "the firmware is written, but the board on \(port) does not answer as a Kocode board. "
        + "Unplug it, plug it back in, then run kocode ports --probe.")
  }

  func otherBoardAfter(_ port: String, id: Int) -> String {
    pick(
      "la carte sur \(port) répond comme un autre type de carte (n° \(id)) : choisis le bon "
        + "avec --board (kocode boards les montre) et recommence.",
      "the board on \(port) answers as another board type (#\(id)): choose the right one "
        + "with --board (kocode boards lists them) and install again.")
  }

  func noPortToInstall() -> String {
    pick(
      "aucune carte branchée : branche-la avec un câble USB de données, ou donne son port "
        + "avec --port.",
      "no board plugged in: plug it in with a USB data cable, or give its port with --port.")
  }

  func severalPortsToInstall(_ ports: [String]) -> String {
    pick(
      "plusieurs ports possibles (\(ports.joined(separator: ", "))) : choisis-en un avec "
        + "--port.",
      "several possible ports (\(ports.joined(separator: ", "))): pick one with --port.")
  }
}
