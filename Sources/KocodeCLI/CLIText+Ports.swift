import KocodeLink
import KocodeSupport

/// The sentences of `kocode ports`, in French and English.
extension CLIText {
  /// What is probably behind a port, said plainly.
  func portGuess(_ port: ScannedPort) -> String {
    switch port.guess {
    case .arduinoUno:
      pick("une Arduino Uno (puce USB d’origine)", "an Arduino Uno (its own USB chip)")
    case .ch340:
      pick(
        "une puce CH340, celle des Uno compatibles ; si le port disparaît aussitôt, "
          + "brltty l’a pris : sudo apt remove brltty",
        "a CH340 chip, as on Uno clones; if the port vanishes at once, brltty took it: "
          + "sudo apt remove brltty")
    case .ftdi:
      pick(
        "une puce FTDI FT232R (adaptateur USB-série)",
        "an FTDI FT232R chip (USB serial adapter)")
    case .cp2102:
      pick("une puce CP2102 (adaptateur USB-série)", "a CP2102 chip (USB serial adapter)")
    case .virtualBoard:
      pick(
        "carte virtuelle \(port.virtualBoard ?? "") (kocode board sim)",
        "virtual board \(port.virtualBoard ?? "") (kocode board sim)")
    case .unknown:
      port.kind == .usb
        ? pick("un appareil USB-série inconnu", "an unknown USB serial device")
        : pick("un port série de l’ordinateur", "a serial port of the computer")
    }
  }

  func noPorts() -> Localized {
    Localized(
      fr: "Aucun port série trouvé. Branche la carte avec un câble USB de données (pas "
        + "seulement de charge), ou lance une carte virtuelle : kocode board sim.",
      en: "No serial port found. Plug the board in with a USB data cable (not a "
        + "charge-only one), or start a virtual board: kocode board sim.")
  }

  func probeResets() -> Localized {
    Localized(
      fr: "Interrogation des ports : chaque carte Uno redémarre quand on l’ouvre, son "
        + "programme repart du début. Attente de quelques secondes…",
      en: "Probing the ports: each Uno board restarts when it is opened, and its program "
        + "starts again from the beginning. This takes a few seconds…")
  }

  func probeAnswer(_ result: ProbeResult, port: String, boardName: String?) -> String {
    switch result {
    case .kocode(let info):
      let type = boardName ?? pick("type inconnu", "unknown type")
      let quoted = pick("nommée « \(info.name) »", "named “\(info.name)”")
      let named = info.name.isEmpty ? pick("sans nom", "no name") : quoted
      let old =
        info.firmwareVersion < BoardInfo.minimumFirmware
        ? pick(
          " ; firmware trop ancien : kocode firmware install --port \(port)",
          "; firmware too old: kocode firmware install --port \(port)") : ""
      return pick(
        "carte Kocode : firmware \(info.firmwareVersion), carte \(type) (n° \(info.boardID)), "
          + "\(named)\(old)",
        "Kocode board: firmware \(info.firmwareVersion), board \(type) (#\(info.boardID)), "
          + "\(named)\(old)")
    case .noKocode:
      return pick(
        "pas de firmware Kocode (rien n’a répondu) : kocode firmware install --port \(port)",
        "no Kocode firmware (nothing answered): kocode firmware install --port \(port)")
    case .failed(let error):
      return LinkText.failure(error, self).message
    }
  }
}
