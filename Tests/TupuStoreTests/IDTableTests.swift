import Testing
import TupuModel
@testable import TupuStore

/// The table holds what a dictionary given the same keys and values holds, through growth
/// and keys that collide in its slots (ids that differ by multiples of a power of two).
@Test func anIDTableHoldsWhatADictionaryHolds() {
    var random = SplitMix64(seed: 7)
    var table = IDTable<Int>(capacity: 2)
    var dictionary: [Int64: Int] = [:]
    for step in 0..<20_000 {
        let key = step % 3 == 0 ? Int64(step % 64) * 4096 + 1 : Int64.random(in: 1...50_000, using: &random)
        if Bool.random(using: &random) {
            table[key] = step
            dictionary[key] = step
        }
        #expect(table[key] == dictionary[key])
        #expect(table.contains(key) == (dictionary[key] != nil))
    }
    #expect(table.count == dictionary.count)
    #expect(table.keys.sorted() == dictionary.keys.sorted())
    for (key, value) in dictionary { #expect(table[key] == value) }
    #expect(table[50_001] == nil)
}
