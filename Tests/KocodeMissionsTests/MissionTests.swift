import Foundation
import KocodeMissions
import KocodeSupport
import KocodeVM
import Testing

/// Every mission loads, its reference solution passes, and its starter
/// program fails with the explanation a pupil should read.
@Suite struct MissionTests {
  @Test func thereAreAtLeastNineMissionsFromFirstStepsToHard() throws {
    let missions = try MissionFixtures.catalog.all()
    #expect(missions.count >= 9)
    #expect(missions.map(\.level) == missions.map(\.level).sorted())
    #expect(missions.first?.level == 1)
    #expect(missions.last?.level == 5)
    let names = Set(missions.map(\.name))
    for expected in [
      "light-an-led", "water-once", "water-when-dry", "hysteresis", "empty-tank",
      "log-every-minute", "no-water-at-night", "button-and-auto", "broken-probe",
    ] {
      #expect(names.contains(expected), "\(expected) is missing")
    }
  }

  @Test(arguments: MissionFixtures.names)
  func everyMissionIsComplete(_ name: String) throws {
    let mission = try MissionFixtures.mission(name)
    #expect((1...5).contains(mission.level))
    #expect(!mission.title.fr.isEmpty && !mission.title.en.isEmpty)
    #expect(!mission.brief.isEmpty)
    #expect(!mission.criteria.isEmpty)
    #expect(FileManager.default.fileExists(atPath: mission.starterURL.path))
    #expect(FileManager.default.fileExists(atPath: mission.solutionURL.path))
    _ = try MissionFixtures.board(for: mission)
  }

  @Test(arguments: MissionFixtures.names)
  func theReferenceSolutionPasses(_ name: String) throws {
    let mission = try MissionFixtures.mission(name)
    let run = try MissionFixtures.run(mission, program: mission.solutionURL)
    let verdict = Judge.verdict(of: run)
    let failures = verdict.results.filter { !$0.passed }.map(\.explanation.en)
    #expect(verdict.passed, "\(name): \(failures)")
    #expect(verdict.runProblem == nil)
  }

  /// A board folder is data: the same solutions pass on the larger board.
  @Test(arguments: ["water-when-dry", "hysteresis", "empty-tank", "log-every-minute"])
  func solutionsPassOnTheMegaToo(_ name: String) throws {
    let mission = try MissionFixtures.mission(name)
    let board = try MissionFixtures.boards.load("greenhouse-mega")
    let program = try Array(Data(contentsOf: mission.solutionURL))
    let verdict = try #require(
      try MissionRunner.check(mission, program: program, board: board).verdict)
    #expect(verdict.passed, "\(name)")
  }

  /// For each starter program, the criteria it fails and words of each
  /// explanation, in both languages.
  static let starterFailures: [String: [(kind: String, en: String, fr: String)]] = [
    "light-an-led": [
      (
        "output_reached", "The green LED was never on.",
        "La LED verte n’a jamais été allumée."
      ),
      (
        "output_at_end", "At the end, the green LED was off (it should be on).",
        "À la fin, la LED verte était éteinte (elle devait être allumée)."
      ),
    ],
    "water-once": [
      (
        "water_used", "The pump took 300 mL of water from the tank: that is more than the 60 mL",
        "La pompe a pris 300 mL d’eau au réservoir : c’est plus que les 60 mL permis."
      ),
      (
        "pump_never_cut", "At 08:00:30 the pump had been running for 30 s without a stop",
        "À 08:00:30, la pompe tournait depuis 30 s sans s’arrêter"
      ),
    ],
    "water-when-dry": [
      ("moisture_band", "the soil was too dry (below 28 %)", "le sol était trop sec (sous 28 %)")
    ],
    "log-every-minute": [
      (
        "log_every",
        "“humidité” was not logged for 5 min: " + "that is more than the 1 min allowed.",
        "« humidité » n’a pas été noté pendant 5 min : c’est plus que les 1 min permises."
      )
    ],
    "hysteresis": [
      (
        "pump_starts", "that is too many, at most 8 times allowed.",
        "c’est trop, au plus 8 fois permis."
      )
    ],
    "empty-tank": [
      (
        "pump_never_dry", "your program tried to switch the pump on with an empty tank",
        "ton programme a voulu allumer la pompe alors que le réservoir était vide"
      ),
      (
        "output_at_end", "At the end, the red LED was off (it should be on).",
        "À la fin, la LED rouge était éteinte (elle devait être allumée)."
      ),
    ],
    "no-water-at-night": [
      ("no_pump_in_dark", "The pump ran in the dark", "La pompe a tourné dans le noir")
    ],
    "button-and-auto": [
      (
        "pump_follows_button",
        "At 08:30 someone pressed the button, but the pump did not start within 500 ms",
        "À 08:30, quelqu’un a appuyé sur le bouton, "
          + "mais la pompe n’a pas démarré en moins de "
          + "500 ms"
      )
    ],
    "broken-probe": [
      ("moisture_band", "the soil was too dry (below 35 %)", "le sol était trop sec (sous 35 %)")
    ],
  ]

  @Test(arguments: MissionFixtures.names)
  func theStarterFailsAndSaysWhy(_ name: String) throws {
    let mission = try MissionFixtures.mission(name)
    let verdict = Judge.verdict(of: try MissionFixtures.run(mission, program: mission.starterURL))
    #expect(!verdict.passed)
    let expected = try #require(Self.starterFailures[name], "\(name) has no expectations")
    let failed = verdict.results.filter { !$0.passed }
    #expect(failed.map(\.criterion.criterion.kind) == expected.map(\.kind))
    for (result, words) in zip(failed, expected) {
      #expect(result.explanation.en.contains(words.en), "\(name): \(result.explanation.en)")
      #expect(result.explanation.fr.contains(words.fr), "\(name): \(result.explanation.fr)")
      #expect(result.criterion.hint != nil, "\(name): \(result.criterion.criterion.kind)")
    }
  }

  @Test func theSameProgramGivesTheSameVerdict() throws {
    let mission = try MissionFixtures.mission("hysteresis")
    let first = try MissionFixtures.run(mission, program: mission.starterURL)
    let second = try MissionFixtures.run(mission, program: mission.starterURL)
    #expect(first.events == second.events)
    #expect(first.finalState == second.finalState)
    #expect(
      Judge.verdict(of: first).results.map(\.explanation)
        == Judge.verdict(of: second).results.map(\.explanation))
  }

  @Test func aProgramThatStopsOnAnErrorIsToldSo() throws {
    let mission = try MissionFixtures.mission("water-once")
    let divide =
      #"{"type":"text_print","id":"p","inputs":{"TEXT":{"block":{"type":"math_arithmetic","#
      + #""id":"div","fields":{"OP":"DIVIDE"},"inputs":{"A":\#(Programs.number(1)),"#
      + #""B":\#(Programs.number(0))}}}}}"#
    let run = try MissionFixtures.run(mission, json: Programs.workspace(Programs.onStart(divide)))
    let verdict = Judge.verdict(of: run)
    #expect(!verdict.passed)
    #expect(verdict.runProblem?.en.contains("division by zero (block div)") == true)
    #expect(verdict.runProblem?.fr.contains("division par zéro (bloc div)") == true)
  }
}
