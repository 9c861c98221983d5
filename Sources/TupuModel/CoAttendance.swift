/// The co-attendance network of a person: the persons who took part in the same events, each
/// linked to the others by the number of events they shared.
public struct CoAttendance: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public var id: Int64
        public var name: String
        /// The number of the centre's events this person took part in (for the centre: all of them).
        public var shared: Int

        public init(id: Int64, name: String, shared: Int) {
            self.id = id
            self.name = name
            self.shared = shared
        }
    }

    public struct Link: Sendable, Equatable {
        public var a: Int64
        public var b: Int64
        /// The number of the centre's events both took part in.
        public var shared: Int

        public init(a: Int64, b: Int64, shared: Int) {
            self.a = a
            self.b = b
            self.shared = shared
        }
    }

    /// The centre first, then the others by shared events (most first), then name.
    public var persons: [Person]
    /// Links with `a < b` by id, sorted by `a` then `b`.
    public var links: [Link]
    /// The number of events of the centre.
    public var events: Int
    /// The number of persons who shared an event with the centre, before any limit.
    public var totalPersons: Int

    public init(persons: [Person], links: [Link], events: Int, totalPersons: Int) {
        self.persons = persons
        self.links = links
        self.events = events
        self.totalPersons = totalPersons
    }
}
