package com.salaryml.web.serving;

import java.util.Comparator;

/**
 * Orders model versions the way semantic versioning does: {@code 1.10.0} after {@code 1.9.0}, a release after
 * its pre-releases ({@code 2.0.0} after {@code 2.0.0-rc.1}), build metadata ({@code +...}) ignored except to
 * break ties. Versions that are not semantic still get a total, stable order.
 */
public final class VersionOrder implements Comparator<String> {

    public static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        String[] aParts = split(a);
        String[] bParts = split(b);
        int core = compareIdentifiers(aParts[0], bParts[0]);
        if (core != 0) {
            return core;
        }
        // A pre-release sorts before the release it leads to.
        if (aParts[1].isEmpty() != bParts[1].isEmpty()) {
            return aParts[1].isEmpty() ? 1 : -1;
        }
        int pre = compareIdentifiers(aParts[1], bParts[1]);
        return pre != 0 ? pre : a.compareTo(b);
    }

    /** [core, pre-release], with build metadata dropped. */
    private static String[] split(String version) {
        int plus = version.indexOf('+');
        String withoutBuild = plus < 0 ? version : version.substring(0, plus);
        int dash = withoutBuild.indexOf('-');
        return dash < 0 ? new String[] {withoutBuild, ""}
                : new String[] {withoutBuild.substring(0, dash), withoutBuild.substring(dash + 1)};
    }

    private static int compareIdentifiers(String a, String b) {
        String[] as = a.split("\\.", -1);
        String[] bs = b.split("\\.", -1);
        for (int i = 0; i < Math.min(as.length, bs.length); i++) {
            int c = compareIdentifier(as[i], bs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(as.length, bs.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean aNumeric = !a.isEmpty() && a.chars().allMatch(Character::isDigit);
        boolean bNumeric = !b.isEmpty() && b.chars().allMatch(Character::isDigit);
        if (aNumeric && bNumeric) {
            String x = a.replaceFirst("^0+(?=.)", "");
            String y = b.replaceFirst("^0+(?=.)", "");
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
