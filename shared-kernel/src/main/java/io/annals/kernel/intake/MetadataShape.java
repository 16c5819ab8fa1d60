package io.annals.kernel.intake;

/**
 * The shape of an intake event's {@code metadata}, never its values: what classification may look at (seed 002:
 * "metadata summary analysis, no raw access").
 *
 * @param fields     keys at every level, the metadata object's own included
 * @param depth      nesting levels; the metadata object itself is level 1, no metadata is 0
 * @param containers objects and arrays nested inside the metadata object
 * @param bytes      size of the metadata as compact JSON in UTF-8
 */
public record MetadataShape(int fields, int depth, int containers, int bytes) {

    /** An event without metadata. */
    public static final MetadataShape NONE = new MetadataShape(0, 0, 0, 0);
}
