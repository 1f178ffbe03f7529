import KocodeBytecode
import KocodeSupport
import KocodeVM
import Testing

/// The trace's JSON lines and readable timeline.
@Suite struct TraceTests {
  @Test func jsonLinesHaveTheKeysInCliOrder() {
    let cases: [(TraceEvent, String)] = [
      (.start(timeMS: 0, scripts: 2), #"{"t":0,"type":"start","scripts":2}"#),
      (
        .output(timeMS: 5, name: "d9", value: 128),
        #"{"t":5,"type":"output","name":"d9","value":128}"#
      ),
      (
        .log(timeMS: 7, label: "humidité", value: .number(-3)),
        #"{"t":7,"type":"log","label":"humidité","value":-3}"#
      ),
      (
        .log(timeMS: 7, label: "wet", value: .boolean(false)),
        #"{"t":7,"type":"log","label":"wet","value":false}"#
      ),
      (.print(timeMS: 8, text: "say \"hi\""), #"{"t":8,"type":"print","text":"say \"hi\""}"#),
      (
        .safety(timeMS: 9, rule: .pumpMaxOn, name: "pump"),
        #"{"t":9,"type":"safety","rule":"pump_max_on","name":"pump"}"#
      ),
      (
        .error(timeMS: 10, code: .negativeRoot, block: "b1"),
        #"{"t":10,"type":"error","code":"negative_root","block":"b1"}"#
      ),
      (
        .error(timeMS: 10, code: .badInstruction, block: nil),
        #"{"t":10,"type":"error","code":"bad_instruction","block":null}"#
      ),
      (.end(timeMS: 11, reason: .timeLimit), #"{"t":11,"type":"end","reason":"time_limit"}"#),
    ]
    for (event, line) in cases {
      #expect(event.jsonLine == line)
    }
  }

  @Test func readableLinesInFrenchAndEnglish() {
    let pumpOff = TraceEvent.output(timeMS: 5000, name: "pump", value: 0)
    #expect(pumpOff.text(.fr) == "00:00:05.000  pompe éteinte")
    #expect(pumpOff.text(.en) == "00:00:05.000  pump off")
    let buzzer = TraceEvent.output(timeMS: 3_723_004, name: "buzzer", value: 1)
    #expect(buzzer.text(.fr) == "01:02:03.004  buzzer allumé")
    #expect(
      TraceEvent.output(timeMS: 0, name: "d9", value: 128).text(.en) == "00:00:00.000  d9 = 128")
    #expect(
      TraceEvent.end(timeMS: 0, reason: .finished).text(.en)
        == "00:00:00.000  end: program finished")
    #expect(
      TraceEvent.error(timeMS: 0, code: .divisionByZero, block: "x").text(.fr)
        == "00:00:00.000  erreur : division par zéro (bloc x)")
    #expect(
      TraceEvent.safety(timeMS: 0, rule: .tankEmpty, name: "pump").text(.en)
        == "00:00:00.000  safety: pump blocked (tank empty)")
    #expect(TraceEvent.clock(90_000_000) == "25:00:00.000")
  }

  @Test func printsAndLogsOfEveryKind() {
    let image = Fixtures.image { a in
      a.script()
      a.emit(.printText, "bonjour")
      a.emit(.pushI8, -42)
      a.emit(.printNum)
      a.emit(.push1)
      a.emit(.printBool)
      a.emit(.push0)
      a.emit(.logBool, "dry")
      a.emit(.pushI16, 1234)
      a.emit(.logNum, "count")
      a.emit(.end)
    }
    #expect(
      Fixtures.trace(image) == [
        .start(timeMS: 0, scripts: 1),
        .print(timeMS: 0, text: "bonjour"),
        .print(timeMS: 0, text: "-42"),
        .print(timeMS: 0, text: "true"),
        .log(timeMS: 0, label: "dry", value: .boolean(false)),
        .log(timeMS: 0, label: "count", value: .number(1234)),
        .end(timeMS: 0, reason: .finished),
      ])
  }

  @Test func sameImageSeedAndSensorsGiveTheSameTrace() {
    let image = Fixtures.image { a in
      a.script()
      a.label("top")
      a.emit(.pushI8, 1)
      a.emit(.pushI8, 100)
      a.emit(.random)
      a.emit(.logNum, "random")
      a.emit(.soil)
      a.emit(.logNum, "soil")
      a.emit(.light)
      a.emit(.logNum, "light")
      a.emit(.pushI16, 1000)
      a.emit(.waitS)
      a.emit(.loop, "top")
    }
    func run(seed: UInt32) -> [String] {
      let greenhouse = SimpleGreenhouse(board: Fixtures.board)
      let machine = Machine(
        image: image, board: Fixtures.board, environment: greenhouse, seed: seed)
      return machine.trace(limitUS: 6 * 3_600_000_000).map(\.jsonLine)
    }
    let first = run(seed: 1)
    #expect(first.count > 60)
    #expect(first == run(seed: 1))
    #expect(first != run(seed: 2))
  }
}
