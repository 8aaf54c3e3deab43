package com.salaryml.web.it;

/** Who may report outcomes, with the built WAR in embedded Tomcat behind a realm read from tomcat-users.xml. */
class TomcatCallerAccessIT extends CallerAccessContract {

    @Override
    Container container(Realm realm) {
        return new TomcatContainer(realm);
    }
}
