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

  /// Tarjan's algorithm with an explicit stack (chains of calls may be
  /// thousands long): the component number of each node. Two nodes share
  /// a component exactly when each reaches the other.
  static func stronglyConnectedComponents(_ edges: [[Int]]) -> [Int] {
    let count = edges.count
    var index = [Int?](repeating: nil, count: count)
    var lowLink = [Int](repeating: 0, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var component = [Int](repeating: -1, count: count)
    var stack: [Int] = []
    var nextIndex = 0
    var components = 0
    for root in 0..<count where index[root] == nil {
      // Each frame is a node and the position of the next edge to follow.
      var frames = [(node: root, edge: 0)]
      index[root] = nextIndex
      lowLink[root] = nextIndex
      nextIndex += 1
      stack.append(root)
      onStack[root] = true
      while let (node, edge) = frames.last {
        if edge < edges[node].count {
          frames[frames.count - 1].edge += 1
          let next = edges[node][edge]
          if let seen = index[next] {
            if onStack[next] { lowLink[node] = min(lowLink[node], seen) }
          } else {
            index[next] = nextIndex
            lowLink[next] = nextIndex
            nextIndex += 1
            stack.append(next)
            onStack[next] = true
            frames.append((next, 0))
          }
          continue
        }
        frames.removeLast()
        if let parent = frames.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
        guard lowLink[node] == index[node] else { continue }
        while let member = stack.popLast() {
          onStack[member] = false
          component[member] = components
          if member == node { break }
        }
        components += 1
      }
    }
    return component
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
