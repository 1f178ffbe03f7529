import Foundation
import KocodeMissions
import KocodeSupport
import Testing

/// Mission texts read as written French and English: the right quotation
/// marks and apostrophes for each language, whole sentences, no words of
/// the other language.
@Suite struct MissionTextTests {
  /// Every text of a mission a pupil reads: title, brief, hints and goals.
  static func texts(of mission: Mission) -> [Localized] {
    [mission.title] + mission.brief + mission.criteria.compactMap(\.hint)
      + mission.criteria.map(\.criterion.goal)
  }

  @Test(arguments: MissionFixtures.names)
  func frenchReadsAsFrench(_ name: String) throws {
    for text in Self.texts(of: try MissionFixtures.mission(name)) {
      let french = text.fr
      #expect(!french.isEmpty)
      #expect(!french.contains("“") && !french.contains("”"), "\(french)")
      #expect(!french.contains("'"), "straight apostrophe: \(french)")
      #expect(!french.contains("  "), "\(french)")
      for english in [" the ", " and ", " with ", " when ", "The "] {
        #expect(!french.contains(english), "\(english) in \(french)")
      }
      // French puts a space before a colon, a semicolon, and inside « ».
      #expect(!french.contains("«") || french.contains("« "), "\(french)")
      #expect(french.range(of: "[^ ]:( |$)", options: .regularExpression) == nil, "\(french)")
      #expect(french.range(of: "[^ ];", options: .regularExpression) == nil, "\(french)")
    }
  }

  @Test(arguments: MissionFixtures.names)
  func englishReadsAsEnglish(_ name: String) throws {
    for text in Self.texts(of: try MissionFixtures.mission(name)) {
      let english = text.en
      #expect(!english.isEmpty)
      #expect(!english.contains("«") && !english.contains("»"), "\(english)")
      #expect(!english.contains("'"), "straight apostrophe: \(english)")
      #expect(!english.contains("  "), "\(english)")
      for french in [" le ", " la ", " et ", " est ", " pour ", " é"] {
        #expect(!english.contains(french), "\(french) in \(english)")
      }
      #expect(english.range(of: " [:;!?]", options: .regularExpression) == nil, "\(english)")
      #expect(english != text.fr || english.hasPrefix("kocode "), "\(english)")
    }
  }

  @Test(arguments: MissionFixtures.names)
  func sentencesAreWhole(_ name: String) throws {
    let mission = try MissionFixtures.mission(name)
    let sentences =
      mission.brief + mission.criteria.compactMap(\.hint)
      + mission.criteria.map(\.criterion.goal)
    for text in sentences {
      for line in [text.fr, text.en] where !line.hasPrefix("kocode ") {
        #expect(line.first?.isUppercase == true, "\(line)")
        #expect([".", "!", "?", ":"].contains(line.last.map(String.init)), "\(line)")
      }
    }
    #expect(mission.brief.count >= 2)
  }

  @Test func everyExplanationOfEveryRunIsASentenceInBothLanguages() throws {
    for name in ["water-once", "empty-tank", "log-every-minute", "hysteresis"] {
      let mission = try MissionFixtures.mission(name)
      for program in [mission.starterURL, mission.solutionURL] {
        let verdict = Judge.verdict(of: try MissionFixtures.run(mission, program: program))
        for result in verdict.results {
          for line in [result.explanation.fr, result.explanation.en] {
            let first = line.first ?? " "
            #expect(first.isUppercase || first.isNumber || "«“".contains(first), "\(line)")
            #expect(line.hasSuffix("."), "\(line)")
            #expect(!line.contains("  "), "\(line)")
          }
          #expect(result.explanation.fr != result.explanation.en)
        }
      }
    }
  }
}
