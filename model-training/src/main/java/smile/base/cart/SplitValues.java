package smile.base.cart;

/**
 * Reads the split value of Smile's {@link OrdinalNode}, and the level of its {@link NominalNode}, which Smile 3.1.1
 * keeps package-private and exposes through no method, so that a tree can be exported exactly.
 *
 * <p>Why a class in Smile's package rather than the alternatives:
 * <ul>
 * <li>{@code toString()} and {@code dot()} print the value rounded ({@code %g}, or the field's formatter), so a
 *     threshold rebuilt from them can send a row down the other branch: lossy, never exact.</li>
 * <li>Reflection ({@code getDeclaredField("value")} with {@code setAccessible}) names the field in a string:
 *     a rename in a later Smile fails only when a tree is exported.</li>
 * <li>Here javac reads the field's name and type from the smile-core JAR the build uses, so a Smile without
 *     {@code double value} (or a nominal node without {@code int value}) does not compile. At run time a package-private member is visible to every class of
 *     the same package <em>and class loader</em>. model-training runs on the class path ({@code exec:java},
 *     Surefire, {@code java -cp}), where smile-core and this class share the application class loader, and
 *     smile-core's manifest does not seal its packages ({@code Sealed} is absent). On the module path this
 *     would be a split package and refuse to start, loudly, never silently wrong.</li>
 * </ul>
 * The export is proved against Smile's own {@code predict} by {@code TreeEnsembleProofTest}, and training checks it
 * again on every training row before a model is written.
 */
public final class SplitValues {

    private SplitValues() {
    }

    /** The split value of an ordinal node: an instance goes to the true (left) child when {@code x <= value}. */
    public static double of(OrdinalNode node) {
        return node.value;
    }

    /**
     * The level of a nominal node: an instance goes to the true (left) child when its code equals it, and to the
     * false one for every other level ({@code NominalNode.predict}). One level, never a set.
     */
    public static int level(NominalNode node) {
        return node.value;
    }
}
