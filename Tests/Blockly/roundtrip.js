// Loads a real Blockly build (the JupyterLab extension's webpack chunks,
// from the jupyterlab-blockly wheel on PyPI) without a browser, defines
// Kocode's blocks from `kocode blocks`, and round-trips programs through
// a headless workspace. Driven by Tests/KocodeCompilerTests/BlocklyRoundTripTests.swift.
//
//   node roundtrip.js JOB.json > RESULT.json
//
// JOB: {"blockly": folder of the chunks, "definitions": [...],
//       "toolbox": {...}, "types": [catalogue types], "programs": {name: workspace}}
// RESULT: {"version", "blocks": {type: shape}, "programs": {name: saved
//          workspace or {"error"}}, "toolbox": [errors]}
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

// One line on standard error, not the minified source around the error.
process.on('uncaughtException', (error) => {
  process.stderr.write('roundtrip.js: ' + (error && error.stack || error).split('\n')
    .slice(0, 4).join('\n') + '\n');
  process.exit(1);
});

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

// A webpack runtime reduced to what the chunks need: their modules are
// collected as the chunks load, and built on first require.
const factories = {};
globalThis.self = globalThis;
const chunkList = [];
chunkList.push = (chunk) => { Object.assign(factories, chunk[1]); return chunkList.length; };
for (const name of fs.readdirSync(job.blockly).sort()) {
  if (!name.endsWith('.js')) continue;
  const source = fs.readFileSync(path.join(job.blockly, name), 'utf8');
  const match = /\(self\.(webpackChunk\w+)\s*=/.exec(source.slice(0, 400));
  if (!match) continue;
  globalThis[match[1]] = chunkList;
  vm.runInThisContext(source, {filename: name});
}
const built = {};
function require_(id) {
  if (built[id]) return built[id].exports;
  const module = built[id] = {exports: {}};
  factories[id].call(module.exports, module, module.exports, require_);
  return module.exports;
}
require_.r = (exports) => Object.defineProperty(exports, '__esModule', {value: true});
require_.d = (exports, getters) => {
  for (const key in getters) {
    if (!Object.prototype.hasOwnProperty.call(exports, key)) {
      Object.defineProperty(exports, key, {enumerable: true, get: getters[key]});
    }
  }
};
require_.o = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
require_.n = (module) => {
  const getter = module && module.__esModule ? () => module.default : () => module;
  require_.d(getter, {a: getter});
  return getter;
};

// blockly/index.js: the small module that sets the English messages on
// the core and returns it, with the standard blocks loaded.
const entry = Object.keys(factories).find((id) => {
  const source = String(factories[id]);
  return source.length < 400 && source.includes('.setLocale(');
});
if (!entry) throw new Error('no Blockly entry module in ' + job.blockly);
const Blockly = require_(entry);
if (!Blockly.Blocks.controls_if) throw new Error('the standard blocks did not load');

// Blockly builds small XML trees even headless (a mutator's list of
// blocks); in Node, where there is no DOM, these elements are enough.
class XMLNode {
  constructor(name, text) {
    this.nodeName = this.tagName = name;
    this.nodeType = text === undefined ? 1 : 3;
    this.textContent = this.data = text;
    this.attributes = {};
    this.childNodes = [];
  }
  get children() { return this.childNodes.filter((node) => node.nodeType === 1); }
  get firstChild() { return this.childNodes[0] || null; }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  hasAttribute(name) { return name in this.attributes; }
  hasAttributes() { return Object.keys(this.attributes).length > 0; }
  hasChildNodes() { return this.childNodes.length > 0; }
  appendChild(node) { this.childNodes.push(node); return node; }
}
Blockly.utils.xml.injectDependencies({
  document: {
    createElementNS: (namespace, name) => new XMLNode(name),
    createTextNode: (text) => new XMLNode('#text', text),
  },
  DOMParser: class { parseFromString() { throw new Error('no XML parser in this test'); } },
  XMLSerializer: class { serializeToString() { throw new Error('no XML writer in this test'); } },
});

// Events copy every new block into XML for undo; nothing listens here.
Blockly.Events.disable();
Blockly.defineBlocksWithJsonArray(job.definitions);
const result = {version: Blockly.VERSION, blocks: {}, programs: {}, toolbox: []};

// The shape of each catalogue block as Blockly builds it.
const shapeWorkspace = new Blockly.Workspace();
for (const type of job.types) {
  if (!Blockly.Blocks[type]) { result.blocks[type] = null; continue; }
  const block = shapeWorkspace.newBlock(type);
  const fields = {};
  const inputs = [];
  for (const input of block.inputList) {
    for (const field of input.fieldRow) {
      if (!field.name || !field.isSerializable()) continue;
      const isDropdown = field instanceof Blockly.FieldDropdown
        && !(field instanceof Blockly.FieldVariable);
      fields[field.name] = isDropdown ? field.getOptions(false).map((option) => option[1]) : null;
    }
    if (input.connection) {
      inputs.push({name: input.name, statement: input.type === Blockly.inputs.inputTypes.STATEMENT,
        check: input.connection.getCheck()});
    }
  }
  result.blocks[type] = {
    fields, inputs,
    output: block.outputConnection ? block.outputConnection.getCheck() : undefined,
    previous: !!block.previousConnection, next: !!block.nextConnection,
    colour: block.getColour(),
  };
}

for (const [name, program] of Object.entries(job.programs)) {
  const workspace = new Blockly.Workspace();
  try {
    Blockly.serialization.workspaces.load(program, workspace);
    result.programs[name] = Blockly.serialization.workspaces.save(workspace);
  } catch (error) {
    result.programs[name] = {error: String(error && error.message || error)};
  }
}

const toolboxWorkspace = new Blockly.Workspace();
for (const category of job.toolbox.contents) {
  for (const item of category.contents || []) {
    try {
      Blockly.serialization.blocks.append(item, toolboxWorkspace);
    } catch (error) {
      result.toolbox.push(item.type + ': ' + String(error && error.message || error));
    }
  }
}

process.stdout.write(JSON.stringify(result));
