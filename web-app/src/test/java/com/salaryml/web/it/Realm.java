package com.salaryml.web.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The users a test's container knows, written in each container's own realm file as an operator writes it:
 * Jetty's {@code HashLoginService} properties file, Tomcat's {@code tomcat-users.xml}. The app never reads them.
 *
 * @param users who may log in, with their roles
 */
record Realm(List<User> users) {

    /** The realm's name, as web.xml's login-config names it. */
    static final String NAME = "salary";

    record User(String name, String password, List<String> roles) {

        /** The {@code Authorization} header that logs in as this user with BASIC. */
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    Realm {
        users = List.copyOf(users);
    }

    /** Jetty's format: {@code name: password,role,role}. */
    Path writeJettyProperties(Path folder) throws IOException {
        String text = users.stream()
                .map(user -> user.name() + ": " + user.password()
                        + user.roles().stream().map(role -> "," + role).collect(Collectors.joining()))
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(folder.resolve("salary-realm.properties"), text);
    }

    /** Tomcat's {@code tomcat-users.xml}, as its MemoryRealm and UserDatabaseRealm read it. */
    Path writeTomcatUsers(Path folder) throws IOException {
        String text = users.stream()
                .map(user -> "  <user username=\"" + user.name() + "\" password=\"" + user.password()
                        + "\" roles=\"" + String.join(",", user.roles()) + "\"/>")
                .collect(Collectors.joining("\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tomcat-users>\n",
                        "\n</tomcat-users>\n"));
        return Files.writeString(folder.resolve("tomcat-users.xml"), text);
    }
}
