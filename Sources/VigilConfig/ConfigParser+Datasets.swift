import Foundation
import VigilCore
import Yams

extension ConfigParser {
    mutating func datasets(_ field: Field, sources: [DeclaredSource]) -> [DatasetConfig] {
        // `datasets:` with every entry commented out is an empty list, not a mistake.
        if field.value.isNull { return [] }
        guard let items = field.value.sequence else {
            problem(at: field.value, field.path, "expected a list of datasets, found \(field.value.kindDescription)",
                    hint: "each dataset starts with '- name:'")
            return []
        }
        var result: [DatasetConfig] = []
        var firstLine: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let fields = fields(of: item, path: "\(field.path)[\(index)]", expected: "a dataset (name:, tier:, freshness:, ...)")
            else { continue }
            checkKeys(fields, allowed: ConfigKeys.dataset)
            if let dataset = dataset(fields, sources: sources, firstLine: &firstLine) { result.append(dataset) }
        }
        return result
    }

    private mutating func dataset(_ fields: MappingFields, sources: [DeclaredSource],
                                  firstLine: inout [String: Int]) -> DatasetConfig? {
        var name: String?
        if let field = fields["name"], let text = string(field) {
            if let first = firstLine[text] {
                problem(at: field.value, field.path, "duplicate dataset name '\(text)'", hint: "first used on line \(first)")
            } else {
                firstLine[text] = field.value.mark?.line ?? 0
            }
            name = text
        } else if fields["name"] == nil {
            missing("name", in: fields, "every dataset needs a 'name'", hint: "the fully qualified table, e.g. analytics.fct_revenue")
        }
        let tier = datasetTier(fields)
        let policy = freshness(fields)
        let loadedAt = fields["loaded_at"].flatMap { string($0) }
        let owner = fields["owner"].flatMap { string($0) }
        let objective = fields["slo"].flatMap { slo($0, tier: tier) }
        var source: String?
        var loadedAtMissing = false
        if let field = fields["source"], let text = string(field) {
            source = knownSource(text, field: field, sources: sources)
            if let declared = sources.first(where: { $0.name == text }), declared.kind == .postgres, loadedAt == nil {
                loadedAtMissing = true
                missing("loaded_at", in: fields, "a dataset measured by postgres source '\(text)' needs 'loaded_at'",
                        hint: "the timestamp column whose max() says when the table last loaded")
            }
        }
        var producer: PipelineReference?
        if let field = fields["produced_by"], let text = string(field) {
            producer = PipelineReference(text)
            if let ref = producer {
                if knownSource(ref.source, field: field, sources: sources) == nil { producer = nil }
            } else {
                problem(at: field.value, field.path, "'\(text)' is not SOURCE/PIPELINE_ID", hint: "e.g. prod-airflow/daily_revenue")
            }
        }
        let aliases = fields["aliases"].map { self.aliases($0) } ?? []
        var volume: VolumePolicy? = .default
        if let field = fields["volume"] {
            volume = self.volume(field)
            if loadedAt == nil, volume != nil, !loadedAtMissing {
                problem(at: field.keyNode, field.path, "rows are counted by the postgres source measuring the dataset, "
                            + "which needs 'loaded_at'",
                        hint: "add loaded_at: COLUMN (and source: if there are several postgres sources), or remove volume:")
            }
        }
        guard let name, let tier, let policy else { return nil }
        return DatasetConfig(name: name, tier: tier, freshness: policy, loadedAt: loadedAt, source: source,
                             producedBy: producer, owner: owner, objective: objective, aliases: aliases, volume: volume)
    }

    /// `volume: {max_drop: 50%, max_growth: 300%, exact_count_below: 10000000}` (any key may be left out: the
    /// default), `volume: true` (every default) or `volume: false` (no row-count check).
    private mutating func volume(_ field: Field) -> VolumePolicy? {
        let example = "e.g. volume: {max_drop: 50%, max_growth: 300%}, or volume: false to turn it off"
        if field.value.scalar != nil {
            guard !field.value.isNull, let on = field.value.bool else {
                problem(at: field.value, field.path, "expected true, false or {max_drop, max_growth, exact_count_below}",
                        hint: example)
                return nil
            }
            return on ? .default : nil
        }
        guard let inner = fields(of: field.value, path: field.path, expected: "max_drop, max_growth and exact_count_below")
        else { return nil }
        checkKeys(inner, allowed: ConfigKeys.volume)
        var policy = VolumePolicy.default
        if let f = inner["max_drop"], let share = percentage(f, upTo: 1, example: "max_drop: 50%") { policy.maxDrop = share }
        if let f = inner["max_growth"], let share = percentage(f, upTo: nil, example: "max_growth: 300%") {
            policy.maxGrowth = share
        }
        if let f = inner["exact_count_below"], let n = int(f) {
            guard n >= 0 else {
                problem(at: f.value, f.path, "must be 0 or more rows",
                        hint: "tables estimated below it are counted exactly; 0 always uses the estimate")
                return policy
            }
            policy.exactCountBelow = n
        }
        return policy
    }

    /// "50%" as 0.5: a share from 0% (and at most `upTo`, when given); a bare number is refused, since 3 could
    /// mean 3% or 300%.
    private mutating func percentage(_ field: Field, upTo: Double?, example: String) -> Double? {
        guard let text = string(field) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("%"), let number = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)),
              number.isFinite, number >= 0 else {
            problem(at: field.value, field.path, "'\(text)' is not a percentage", hint: "write it with a % sign, e.g. \(example)")
            return nil
        }
        let share = number / 100
        if let upTo, share > upTo {
            problem(at: field.value, field.path, "'\(text)' is more than \(Int(upTo * 100))%",
                    hint: "a count cannot drop by more than 100%; e.g. \(example)")
            return nil
        }
        return share
    }

    /// `aliases: [NAME, ...]` or one name: asset URIs, OpenLineage `namespace/name`s or plain names.
    private mutating func aliases(_ field: Field) -> [String] {
        let hint = "e.g. aliases: [\"postgres://db.internal:5432/warehouse/raw/payments\", raw.payments_view]"
        if field.value.scalar != nil { return string(field).map { [$0] } ?? [] }
        guard let items = field.value.sequence else {
            problem(at: field.value, field.path, "expected a list of names, found \(field.value.kindDescription)", hint: hint)
            return []
        }
        var names: [String] = []
        for (index, item) in items.enumerated() {
            guard let scalar = item.scalar, !item.isNull, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                problem(at: item, "\(field.path)[\(index)]", "must be a name, not \(item.kindDescription)", hint: hint)
                continue
            }
            names.append(scalar.string.trimmingCharacters(in: .whitespaces))
        }
        return names
    }

    /// `slo: {objective: 99.9%, window: 28d}`; either key may be left out (the tier's default objective,
    /// a 28-day window).
    private mutating func slo(_ field: Field, tier: Int?) -> FreshnessObjective? {
        let example = "slo: {objective: 99.5%, window: 28d}"
        guard let inner = fields(of: field.value, path: field.path, expected: "objective and window") else { return nil }
        checkKeys(inner, allowed: ConfigKeys.slo)
        var target = FreshnessObjective.defaultTarget(tier: tier ?? 3)
        if let f = inner["objective"] {
            guard let text = string(f) else { return nil }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let number = Double(trimmed.hasSuffix("%") ? String(trimmed.dropLast()) : trimmed)
            // Rounded to 1e-9 so "99.9%" is exactly 0.999, as typed.
            let value = number.map { ((trimmed.hasSuffix("%") || $0 > 1 ? $0 / 100 : $0) * 1e9).rounded() / 1e9 }
            guard let value, value > 0, value < 1 else {
                problem(at: f.value, inner.path(of: "objective"), "'\(text)' is not an objective between 0% and 100%",
                        hint: "e.g. 99.5% (or 0.995): the share of the window the dataset must be within error_after")
                return nil
            }
            target = value
        }
        var window = FreshnessObjective.defaultWindow
        if let f = inner["window"] {
            guard let w = duration(f) else { return nil }
            guard w >= 86_400, w <= 90 * 86_400 else {
                problem(at: f.value, inner.path(of: "window"), "window \(DurationFormat.compact(w)) is outside 1d to 90d",
                        hint: example)
                return nil
            }
            window = w
        }
        return FreshnessObjective(target: target, window: window)
    }

    private mutating func datasetTier(_ fields: MappingFields) -> Int? {
        let hint = "1 is most critical: a stale tier-1 dataset makes vigil status CRITICAL"
        guard let field = fields["tier"] else {
            missing("tier", in: fields, "every dataset needs a 'tier'", hint: hint)
            return nil
        }
        guard let tier = int(field) else { return nil }
        guard (1...3).contains(tier) else {
            problem(at: field.value, field.path, "tier \(tier) is not 1, 2 or 3", hint: hint)
            return nil
        }
        return tier
    }

    private mutating func freshness(_ fields: MappingFields) -> FreshnessPolicy? {
        let example = "freshness: {warn_after: 1h, error_after: 2h}"
        guard let field = fields["freshness"] else {
            missing("freshness", in: fields, "every dataset needs 'freshness'", hint: example)
            return nil
        }
        guard let inner = self.fields(of: field.value, path: field.path, expected: "warn_after and error_after") else { return nil }
        checkKeys(inner, allowed: ConfigKeys.freshness)
        var values: [TimeInterval?] = []
        for key in ConfigKeys.freshness {
            if let f = inner[key] {
                values.append(duration(f))
            } else {
                missing(key, in: inner, hint: example)
                values.append(nil)
            }
        }
        guard let warn = values[0], let error = values[1] else { return nil }
        guard warn < error else {
            let at = inner["error_after"]
            problem(at: at?.value, inner.path(of: "error_after"),
                    "error_after (\(DurationFormat.compact(error))) must be longer than warn_after (\(DurationFormat.compact(warn)))",
                    hint: "a dataset warns first, then errors")
            return nil
        }
        return FreshnessPolicy(warnAfter: warn, errorAfter: error)
    }

    /// The name when a source by that name is declared; otherwise a problem with a suggestion.
    mutating func knownSource(_ name: String, field: Field, sources: [DeclaredSource]) -> String? {
        let names = sources.map(\.name)
        if names.contains(name) { return name }
        let hint: String
        if let guess = DidYouMean.suggest(name, among: names) {
            hint = "did you mean '\(guess)'?"
        } else if names.isEmpty {
            hint = "no sources are defined"
        } else {
            hint = "sources: \(names.joined(separator: ", "))"
        }
        problem(at: field.value, field.path, "unknown source '\(name)'", hint: hint)
        return nil
    }
}
