import TupuModel

/// Finding the mentions of persons, roles, events, places, organizations, initiatives and documents.
extension ExtractionRun {
    enum Priority {
        static let person = 100
        static let role = 100
        static let listedPerson = 95
        static let knownPerson = 90
        static let event = 80
        static let suffixName = 70
        /// A whole item of a site list has better bounds than a suffix name inside it.
        static let siteItem = 72
        static let place = 60
        /// Names the learned model finds: below every rule, so that the rules override the model.
        static let modelPerson = 65
        static let modelOrganization = 68
        static let modelPlace = 58
        /// A short item listed with a place of the lexicons (横琴、南沙): above the model, below the lexicon.
        static let coordinatedPlace = 59
        static let eventReference = 50
    }
}
