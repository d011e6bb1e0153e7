/// Assay's own version, recorded in every run manifest.
public enum AssayVersion {
    public static let current = "0.1.0"
}
