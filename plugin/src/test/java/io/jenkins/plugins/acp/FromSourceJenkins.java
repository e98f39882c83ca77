package io.jenkins.plugins.acp;

/**
 * Tags of the tests that the Jenkins built from source on these machines ({@code ../shared/jenkins-repo}) cannot
 * run, each for a defect of that build (not of the plugin). The Maven settings for that repository
 * ({@code .mvn/jenkins-repo-settings.xml}) exclude them; a build against repo.jenkins-ci.org runs them
 * (docs/jenkins.md, "What only a build against repo.jenkins-ci.org confirms").
 */
final class FromSourceJenkins {
    /**
     * HtmlUnit's submission of the system configuration page ({@code JenkinsRule.configRoundtrip()}): answers 400 on
     * {@code /configSubmit} there, for any plugin.
     */
    static final String HTMLUNIT_CONFIG_FORM = "htmlunit-config-form";

    /**
     * Pages that render {@code <f:repeatableProperty>}, whose core Jelly reads the public field
     * {@code descriptor.clazz}: the re-created {@code org.jenkins-ci:commons-jexl:1.1-jenkins-20111212} there reads
     * no public field (it evaluates to null), so the system configuration page stops rendering at the plugin's
     * section ("No page found 'config.jelly' for class hudson.model.Hudson").
     */
    static final String JELLY_PUBLIC_FIELDS = "jelly-public-fields";

    private FromSourceJenkins() {
    }
}
