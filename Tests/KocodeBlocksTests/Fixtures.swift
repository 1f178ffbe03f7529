import Testing

/// One workspace saved both ways, as Blockly would save it.
struct WorkspacePair: Sendable, CustomTestStringConvertible {
  var name: String
  var json: String
  var xml: String

  var testDescription: String { name }
}

enum Fixtures {
  /// `controls_if` with an else-if and an else, variables by id, by id and
  /// name, and by name, and shadows under real blocks.
  static let ifElse = WorkspacePair(
    name: "if / else if / else",
    json: """
      {
        "blocks": {
          "languageVersion": 0,
          "blocks": [
            {
              "type": "kocode_when_start", "id": "start", "x": 10, "y": 20,
              "next": {"block": {
                "type": "controls_if", "id": "if1",
                "extraState": {"elseIfCount": 1, "hasElse": true},
                "inputs": {
                  "IF0": {"block": {
                    "type": "logic_compare", "id": "cmp", "fields": {"OP": "LT"},
                    "inputs": {
                      "A": {"block": {"type": "variables_get", "id": "get1",
                                      "fields": {"VAR": {"id": "v1"}}}},
                      "B": {"shadow": {"type": "math_number", "id": "n1",
                                       "fields": {"NUM": 5}}}
                    }
                  }},
                  "DO0": {"block": {
                    "type": "variables_set", "id": "set1",
                    "fields": {"VAR": {"id": "v1", "name": "count", "type": ""}},
                    "inputs": {"VALUE": {
                      "shadow": {"type": "math_number", "id": "n2", "fields": {"NUM": 0}},
                      "block": {"type": "math_number", "id": "n3", "fields": {"NUM": 1e3}}
                    }},
                    "next": {"block": {
                      "type": "math_change", "id": "chg", "fields": {"VAR": {"name": "other"}},
                      "inputs": {"DELTA": {"shadow": {"type": "math_number", "id": "n4",
                                                      "fields": {"NUM": -0.5}}}}
                    }}
                  }},
                  "IF1": {"block": {"type": "logic_boolean", "id": "b1",
                                    "fields": {"BOOL": "TRUE"}}},
                  "ELSE": {"block": {"type": "kocode_wait", "id": "w1", "collapsed": true}}
                }
              }}
            },
            {"type": "text_print", "id": "orphan", "x": 300, "y": 20, "inline": false}
          ]
        },
        "variables": [{"name": "count", "id": "v1"}, {"name": "other", "id": "v2", "type": ""}]
      }
      """,
    xml: """
      <xml xmlns="https://developers.google.com/blockly/xml">
        <variables>
          <variable id="v1">count</variable>
          <variable id="v2" type="">other</variable>
        </variables>
        <block type="kocode_when_start" id="start" x="10" y="20">
          <next>
            <block type="controls_if" id="if1">
              <mutation elseif="1" else="1"></mutation>
              <value name="IF0">
                <block type="logic_compare" id="cmp">
                  <field name="OP">LT</field>
                  <value name="A">
                    <block type="variables_get" id="get1">
                      <field name="VAR" id="v1"></field>
                    </block>
                  </value>
                  <value name="B">
                    <shadow type="math_number" id="n1"><field name="NUM">5</field></shadow>
                  </value>
                </block>
              </value>
              <statement name="DO0">
                <block type="variables_set" id="set1">
                  <field name="VAR" id="v1" variabletype="">count</field>
                  <value name="VALUE">
                    <shadow type="math_number" id="n2"><field name="NUM">0</field></shadow>
                    <block type="math_number" id="n3"><field name="NUM">1e3</field></block>
                  </value>
                  <next>
                    <block type="math_change" id="chg">
                      <field name="VAR">other</field>
                      <value name="DELTA">
                        <shadow type="math_number" id="n4"><field name="NUM">-0.5</field></shadow>
                      </value>
                    </block>
                  </next>
                </block>
              </statement>
              <value name="IF1">
                <block type="logic_boolean" id="b1"><field name="BOOL">TRUE</field></block>
              </value>
              <statement name="ELSE">
                <block type="kocode_wait" id="w1" collapsed="true"></block>
              </statement>
            </block>
          </next>
        </block>
        <block type="text_print" id="orphan" x="300" y="20" inline="false"></block>
      </xml>
      """)

  /// The same `controls_if` with its state as a legacy mutation string.
  static let ifElseMutationString = WorkspacePair(
    name: "if with extraState as a mutation string",
    json: """
      {"blocks": {"blocks": [
        {"type": "controls_if", "id": "if1",
         "extraState": "<mutation elseif=\\"2\\" else=\\"1\\"></mutation>"},
        {"type": "controls_if", "id": "if2", "extraState": "<mutation else=\\"1\\"/>"}
      ]}}
      """,
    xml: """
      <xml>
        <block type="controls_if" id="if1"><mutation elseif="2" else="1"/></block>
        <block type="controls_if" id="if2"><mutation else="1"></mutation></block>
      </xml>
      """)

  /// Procedure definitions with parameters (as objects and as names), one
  /// without statements, and calls with their arguments.
  static let procedures = WorkspacePair(
    name: "procedures",
    json: """
      {
        "blocks": {"languageVersion": 0, "blocks": [
          {"type": "procedures_defnoreturn", "id": "def1", "fields": {"NAME": "water"},
           "extraState": {"params": [{"name": "ml", "id": "p1"}, {"name": "times", "id": "p2"}]},
           "inputs": {"STACK": {"block": {
             "type": "procedures_callnoreturn", "id": "call1",
             "extraState": {"name": "blink", "params": []}}}}},
          {"type": "procedures_defreturn", "id": "def2", "fields": {"NAME": "twice"},
           "extraState": {"hasStatements": false, "params": ["x"]},
           "inputs": {"RETURN": {"block": {"type": "variables_get", "id": "g",
                                           "fields": {"VAR": {"id": "vx"}}}}}},
          {"type": "procedures_defnoreturn", "id": "def3", "fields": {"NAME": "blink"}},
          {"type": "kocode_when_start", "id": "go", "next": {"block": {
            "type": "procedures_callnoreturn", "id": "call2",
            "extraState": {"name": "water", "params": ["ml", "times"]},
            "inputs": {
              "ARG0": {"block": {"type": "math_number", "id": "a0", "fields": {"NUM": 250}}},
              "ARG1": {"shadow": {"type": "math_number", "id": "a1", "fields": {"NUM": 2}}}
            }}}}
        ]},
        "variables": [
          {"name": "ml", "id": "p1"}, {"name": "times", "id": "p2"}, {"name": "x", "id": "vx"}
        ]
      }
      """,
    xml: """
      <xml xmlns="https://developers.google.com/blockly/xml">
        <variables>
          <variable id="p1">ml</variable>
          <variable id="p2">times</variable>
          <variable id="vx">x</variable>
        </variables>
        <block type="procedures_defnoreturn" id="def1">
          <mutation><arg name="ml" varid="p1"></arg><arg name="times" varid="p2"></arg></mutation>
          <field name="NAME">water</field>
          <comment pinned="false" h="80" w="160">Waters the plants</comment>
          <statement name="STACK">
            <block type="procedures_callnoreturn" id="call1"><mutation name="blink"/></block>
          </statement>
        </block>
        <block type="procedures_defreturn" id="def2">
          <mutation statements="false"><arg name="x"></arg></mutation>
          <field name="NAME">twice</field>
          <value name="RETURN">
            <block type="variables_get" id="g"><field name="VAR" id="vx"/></block>
          </value>
        </block>
        <block type="procedures_defnoreturn" id="def3"><field name="NAME">blink</field></block>
        <block type="kocode_when_start" id="go">
          <next>
            <block type="procedures_callnoreturn" id="call2">
              <mutation name="water"><arg name="ml"></arg><arg name="times"></arg></mutation>
              <value name="ARG0">
                <block type="math_number" id="a0"><field name="NUM">250</field></block>
              </value>
              <value name="ARG1">
                <shadow type="math_number" id="a1"><field name="NUM">2</field></shadow>
              </value>
            </block>
          </next>
        </block>
      </xml>
      """)

  /// The same procedures, their state written as legacy mutation strings.
  static let proceduresMutationStrings = WorkspacePair(
    name: "procedures with mutation strings",
    json: """
      {"blocks": {"blocks": [
        {"type": "procedures_defreturn", "id": "def2", "fields": {"NAME": "twice"},
         "extraState":
           "<mutation statements=\\"false\\"><arg name=\\"x\\" varid=\\"vx\\"/></mutation>"},
        {"type": "procedures_callreturn", "id": "call",
         "extraState": "<mutation name=\\"twice\\"><arg name=\\"x\\"></arg></mutation>"}
      ]}}
      """,
    xml: """
      <xml>
        <block type="procedures_defreturn" id="def2">
          <mutation statements="false"><arg name="x" varid="vx"/></mutation>
          <field name="NAME">twice</field>
        </block>
        <block type="procedures_callreturn" id="call">
          <mutation name="twice"><arg name="x"/></mutation>
        </block>
      </xml>
      """)

  /// Disabled blocks in every spelling, and a shadow-only input.
  static let disabled = WorkspacePair(
    name: "disabled blocks",
    json: """
      {"blocks": {"blocks": [
        {"type": "kocode_when_start", "id": "s1", "enabled": false},
        {"type": "kocode_when_start", "id": "s2", "next": {"block": {
          "type": "kocode_wait", "id": "w1", "disabledReasons": ["MANUALLY_DISABLED"],
          "inputs": {"TIME": {"shadow": {"type": "math_number", "id": "t1",
                                         "fields": {"NUM": "1.5"}}}},
          "next": {"block": {"type": "kocode_wait", "id": "w2", "enabled": true,
                             "disabledReasons": []}}}}}
      ]}}
      """,
    xml: """
      <xml xmlns="https://developers.google.com/blockly/xml">
        <block type="kocode_when_start" id="s1" disabled="true"></block>
        <block type="kocode_when_start" id="s2">
          <next>
            <block type="kocode_wait" id="w1" disabled-reasons="MANUALLY_DISABLED">
              <value name="TIME">
                <shadow type="math_number" id="t1"><field name="NUM">1.5</field></shadow>
              </value>
              <next><block type="kocode_wait" id="w2" disabled-reasons=""></block></next>
            </block>
          </next>
        </block>
      </xml>
      """)

  /// An old export: no ids anywhere, no namespace, variables by name only.
  static let legacyWithoutIDs = WorkspacePair(
    name: "legacy export without ids",
    json: """
      {"blocks": {"blocks": [
        {"type": "kocode_when_start", "next": {"block": {
          "type": "controls_repeat_ext",
          "inputs": {
            "TIMES": {"shadow": {"type": "math_number", "fields": {"NUM": 3}}},
            "DO": {"block": {"type": "variables_set", "fields": {"VAR": {"name": "n"}},
              "next": {"block": {"type": "kocode_wait", "next": {"block": {
                "type": "math_change", "fields": {"VAR": "n"}}}}}}}
          }}}},
        {"type": "kocode_when_start"}
      ]},
      "variables": [{"name": "n"}]}
      """,
    xml: """
      <xml>
        <variables><variable type="">n</variable></variables>
        <block type="kocode_when_start" x="0" y="0">
          <next>
            <block type="controls_repeat_ext">
              <value name="TIMES">
                <shadow type="math_number"><field name="NUM">3</field></shadow>
              </value>
              <statement name="DO">
                <block type="variables_set">
                  <field name="VAR">n</field>
                  <next>
                    <block type="kocode_wait">
                      <next><block type="math_change"><field name="VAR">n</field></block></next>
                    </block>
                  </next>
                </block>
              </statement>
            </block>
          </next>
        </block>
        <block type="kocode_when_start"></block>
      </xml>
      """)

  /// Every pair, for tests that check them all.
  static let all = [
    ifElse, ifElseMutationString, procedures, proceduresMutationStrings, disabled,
    legacyWithoutIDs,
  ]
}
