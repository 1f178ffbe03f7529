/// `--help` for `kocode board sim`.
extension HelpText {
  static func boardHelp(_ fr: Bool) -> String {
    fr
      ? """
      Utilisation : kocode board sim [--board CARTE] [--link CHEMIN]
                    [--program PROGRAMME] [--set CAPTEUR=VALEUR]...
                    [--greenhouse on|off] [options de la serre]

      Lance une carte virtuelle : le vrai micrologiciel dans le simulateur AVR
      simavr, derrière un port série virtuel dont le chemin est affiché. Elle
      redémarre quand un programme ouvre le port, comme une carte Uno. Ses
      capteurs suivent la serre simulée de kocode run, en temps réel : la pompe
      mouille le sol et vide le réservoir ; les mesures sont mises à jour toutes
      les 100 ms.
        --link CHEMIN          crée aussi un lien vers le port à ce chemin
        --program PROGRAMME    démarre avec ce programme déjà dans l’EEPROM
        --set CAPTEUR=VALEUR   fixe un capteur tant que la carte tourne :
                               soil_moisture (%), light (%), temperature (°C),
                               tank_empty (0/1), button (0/1), a0 … a5 (0–1023)
        --greenhouse on|off    off : pas de serre simulée ; les capteurs gardent
                               les entrées fixes du simulateur (broches
                               analogiques à 0, réservoir lu vide) et les --set
      Les options de la serre sont celles de kocode run (--start-moisture,
      --tank, --flow, --evaporation, --day-length, --start-time, --noise,
      --noise-seed, --press) ; son horloge part avec la carte et continue
      quand la carte redémarre.
      Ctrl-C l’arrête proprement.

      """
      : """
      Usage: kocode board sim [--board BOARD] [--link PATH] [--program PROGRAM]
             [--set SENSOR=VALUE]... [--greenhouse on|off] [greenhouse options]

      Starts a virtual board: the real firmware in the simavr AVR simulator,
      behind a virtual serial port whose path is printed. It restarts when a
      program opens the port, as an Uno does. Its sensors follow the simulated
      greenhouse of kocode run, in real time: the pump wets the soil and empties
      the tank; the readings are brought up to date every 100 ms.
        --link PATH            also makes a link to the port at PATH
        --program PROGRAM      starts with this program already in EEPROM
        --set SENSOR=VALUE     fixes a sensor while the board runs:
                               soil_moisture (%), light (%), temperature (°C),
                               tank_empty (0/1), button (0/1), a0 … a5 (0–1023)
        --greenhouse on|off    off: no simulated greenhouse; the sensors keep
                               the simulator's fixed inputs (analog pins at 0,
                               the tank reads empty) and the --set values
      The greenhouse options are those of kocode run (--start-moisture, --tank,
      --flow, --evaporation, --day-length, --start-time, --noise, --noise-seed,
      --press); its clock starts with the board and goes on when the board
      restarts.
      Ctrl-C stops it cleanly.

      """
  }
}
