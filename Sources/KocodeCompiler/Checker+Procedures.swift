import KocodeBlocks
import KocodeSupport

extension Checker.Session {
  /// Reports every call that takes part in a cycle of calls (`recursion`)
  /// and returns the definitions in the order the code generator wants
  /// them: every callee before its callers, ties in file order.
  func checkCalls() -> [Int] {
    var callees = [[Int]](repeating: [], count: definitions.count)
    for call in calls {
      if let caller = call.caller { callees[caller].append(call.callee) }
    }
    let component = Self.stronglyConnectedComponents(callees)
    for call in calls {
      guard let caller = call.caller, component[caller] == component[call.callee] else {
        continue
      }
      report(.recursion, call.block, Messages.recursion(procedure: definitions[call.callee].name))
    }
    return Self.calleesFirst(callees)
  }

  /// The component number of each node: two nodes share a component
  /// exactly when each reaches the other.
  static func stronglyConnectedComponents(_ edges: [[Int]]) -> [Int] {
    var finder = Checker.ComponentFinder(edges: edges)
    for root in edges.indices where finder.index[root] == nil {
      finder.search(from: root)
    }
    return finder.component
  }

  /// A topological order of the call graph, callees first, always taking
  /// the earliest definition in the file that is ready. Definitions caught
  /// in a cycle (already an error) are placed earliest first when nothing
  /// else is ready, so every definition appears once.
  static func calleesFirst(_ callees: [[Int]]) -> [Int] {
    let count = callees.count
    var waitingOn = [Int](repeating: 0, count: count)
    var callers = [[Int]](repeating: [], count: count)
    for (caller, list) in callees.enumerated() {
      for callee in Set(list) where callee != caller {
        waitingOn[caller] += 1
        callers[callee].append(caller)
      }
    }
    var ready = Checker.IndexHeap()
    for node in 0..<count where waitingOn[node] == 0 { ready.insert(node) }
    var placed = [Bool](repeating: false, count: count)
    var order: [Int] = []
    var earliestUnplaced = 0
    while order.count < count {
      while earliestUnplaced < count, placed[earliestUnplaced] { earliestUnplaced += 1 }
      let node = ready.popMin() ?? earliestUnplaced
      guard !placed[node] else { continue }
      placed[node] = true
      order.append(node)
      for caller in callers[node] {
        waitingOn[caller] -= 1
        if waitingOn[caller] == 0, !placed[caller] { ready.insert(caller) }
      }
    }
    return order
  }
}

extension Checker {
  /// Tarjan's algorithm with an explicit stack of frames, since chains of
  /// calls may be thousands long.
  struct ComponentFinder {
    let edges: [[Int]]
    var index: [Int?]
    var lowLink: [Int]
    var onStack: [Bool]
    var component: [Int]
    var stack: [Int] = []
    var nextIndex = 0
    var components = 0

    init(edges: [[Int]]) {
      self.edges = edges
      index = Array(repeating: nil, count: edges.count)
      lowLink = Array(repeating: 0, count: edges.count)
      onStack = Array(repeating: false, count: edges.count)
      component = Array(repeating: -1, count: edges.count)
    }

    mutating func search(from root: Int) {
      // Each frame is a node and the position of the next edge to follow.
      var frames = [(node: root, edge: 0)]
      discover(root)
      while let (node, edge) = frames.last {
        guard edge < edges[node].count else {
          frames.removeLast()
          if let parent = frames.last?.node {
            lowLink[parent] = min(lowLink[parent], lowLink[node])
          }
          closeIfRoot(node)
          continue
        }
        frames[frames.count - 1].edge += 1
        let next = edges[node][edge]
        if let seen = index[next] {
          if onStack[next] { lowLink[node] = min(lowLink[node], seen) }
        } else {
          discover(next)
          frames.append((next, 0))
        }
      }
    }

    private mutating func discover(_ node: Int) {
      index[node] = nextIndex
      lowLink[node] = nextIndex
      nextIndex += 1
      stack.append(node)
      onStack[node] = true
    }

    /// A node whose low link is its own index closes a component: it and
    /// everything above it on the stack.
    private mutating func closeIfRoot(_ node: Int) {
      guard lowLink[node] == index[node] else { return }
      while let member = stack.popLast() {
        onStack[member] = false
        component[member] = components
        if member == node { break }
      }
      components += 1
    }
  }

  /// A binary min-heap of indices: the earliest ready definition first.
  struct IndexHeap {
    private var items: [Int] = []

    mutating func insert(_ item: Int) {
      items.append(item)
      var child = items.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        guard items[child] < items[parent] else { break }
        items.swapAt(child, parent)
        child = parent
      }
    }

    mutating func popMin() -> Int? {
      guard let last = items.popLast() else { return nil }
      guard !items.isEmpty else { return last }
      let minimum = items[0]
      items[0] = last
      var parent = 0
      while true {
        let (left, right) = (2 * parent + 1, 2 * parent + 2)
        var smallest = parent
        if left < items.count, items[left] < items[smallest] { smallest = left }
        if right < items.count, items[right] < items[smallest] { smallest = right }
        guard smallest != parent else { break }
        items.swapAt(parent, smallest)
        parent = smallest
      }
      return minimum
    }
  }
}
