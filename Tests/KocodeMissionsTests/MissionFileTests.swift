import Foundation
import KocodeMissions
import KocodeVM
import Testing

/// Reading `mission.json`: its values become a mission, and a wrong value
/// is refused with the key it is under.
@Suite struct MissionFileTests {
  /// A catalog in a temporary folder with one mission of this text.
  static func catalog(_ json: String, name: String = "test") throws -> MissionCatalog {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kocode-missions-\(UUID().uuidString)")
    let mission = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: mission, withIntermediateDirectories: true)
    try Data(json.utf8).write(to: mission.appendingPathComponent("mission.json"))
    return MissionCatalog(directory: folder)
  }

  static func mission(criteria: String = "[]", greenhouse: String = "{}", level: Int = 2)
    -> String
  {
    """
    {"level": \(level), "board": "greenhouse-uno",
     "title": {"fr": "Titre", "en": "Title"},
     "brief": {"fr": ["Un."], "en": ["One."]},
     "duration": "2h", "greenhouse": \(greenhouse), "criteria": \(criteria)}
    """
  }

  @Test func everyValueIsRead() throws {
    let json = Self.mission(
      criteria: """
        [{"kind": "moisture_band", "min": 30, "max": 60, "share": 90, "after": "10m"},
         {"kind": "log_every", "label": ["sol", "soil"], "every": "1m",
          "hint": {"fr": "Note.", "en": "Log."}},
         {"kind": "pump_follows_button", "within": "500ms"}]
        """,
      greenhouse: """
        {"start_moisture": 40, "tank_ml": 900, "evaporation": 1.5, "pump_flow_ml": 20,
         "day_length": "12h", "start_time": "19:30", "noise": 3, "noise_seed": 9,
         "button_presses": [{"at": "10m", "for": "5s"}], "set": ["light=50"]}
        """)
    let mission = try Self.catalog(json).load("test")
    #expect(mission.durationUS == 2 * 3_600_000_000)
    #expect(mission.model.startMoisture == 40)
    #expect(mission.model.tankMl == 900)
    #expect(mission.model.evaporation == 1500)
    #expect(mission.model.pumpFlowMl == 20)
    #expect(mission.model.dayLengthSeconds == 12 * 3600)
    #expect(mission.model.startTimeSeconds == 19 * 3600 + 1800)
    #expect(mission.model.noise == 3 && mission.model.noiseSeed == 9)
    #expect(
      mission.model.buttonPresses == [ButtonPress(startUS: 600_000_000, lengthUS: 5_000_000)])
    #expect(mission.settings == ["light=50"])
    #expect(
      mission.criteria.map(\.criterion) == [
        .moistureBand(min: 30, max: 60, share: 90, afterUS: 600_000_000),
        .logEvery(labels: ["sol", "soil"], everyUS: 60_000_000),
        .pumpFollowsButton(withinUS: 500_000),
      ])
    #expect(mission.criteria[1].hint?.en == "Log.")
  }

  @Test func wrongValuesAreRefusedWithTheirKey() throws {
    let cases: [(String, MissionError)] = [
      (Self.mission(criteria: #"[{"kind": "be_nice"}]"#), .invalid("test", "kind", "be_nice")),
      (Self.mission(level: 7), .invalid("test", "level", "7")),
      (
        Self.mission(criteria: #"[{"kind": "log_every", "every": "1m"}]"#),
        .invalid("test", "label", "missing")
      ),
      (
        Self.mission(criteria: #"[{"kind": "log_every", "label": "x", "every": "soon"}]"#),
        .invalid("test", "every", "soon")
      ),
      (
        Self.mission(greenhouse: #"{"start_time": "25:00"}"#),
        .invalid("test", "start_time", "25:00")
      ),
      (
        Self.mission(greenhouse: #"{"start_moisture": 120}"#),
        .invalid("test", "start_moisture", "120")
      ),
    ]
    for (json, expected) in cases {
      #expect(throws: expected) { try Self.catalog(json).load("test") }
    }
  }

  @Test func aBrokenFileOrAMissingMissionIsSaid() throws {
    let catalog = try Self.catalog("{ not json")
    #expect(throws: MissionError.self) { try catalog.load("test") }
    #expect(throws: MissionError.unknownMission("nope", known: ["test"])) {
      try catalog.load("nope")
    }
    #expect(throws: MissionError.unknownMission("../test", known: ["test"])) {
      try catalog.load("../test")
    }
  }

  @Test func aSettingTheBoardRefusesIsAnError() throws {
    let json = Self.mission(greenhouse: #"{"set": ["humidity=3"]}"#)
    let mission = try Self.catalog(json).load("test")
    let board = try MissionFixtures.boards.load("greenhouse-uno")
    #expect(throws: MissionError.invalid("test", "set", "humidity=3")) {
      try mission.overrides(on: board)
    }
  }

  @Test func theCatalogIsFoundFromTheEnvironment() throws {
    let path = MissionFixtures.catalog.directory.path
    let found = try MissionCatalog.locate(environment: ["KOCODE_MISSIONS": path])
    #expect(found.directory.path == path)
    let beside = try MissionCatalog.locate(
      environment: ["KOCODE_BOARDS": MissionFixtures.boards.directory.path])
    #expect(beside.names().contains("water-when-dry"))
  }
}
