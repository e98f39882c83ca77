package jenkins.model;

import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Queue;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.security.access.AccessDeniedException;

/**
 * Declaration of {@code jenkins.model.Jenkins}; only the members the plugin uses. In the plugin only
 * {@code io.jenkins.plugins.acp.JenkinsFacade} may call {@link #get()}.
 */
public class Jenkins implements AccessControlled, ItemGroup<TopLevelItem> {
    public static final Permission ADMINISTER = null;
    public static final Permission MANAGE = null;
    public static final Permission READ = null;

    private Jenkins() {
    }

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public <T extends Item> T getItemByFullName(String fullName, Class<T> type) throws AccessDeniedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public String getRootUrl() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public Queue getQueue() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public void setAuthorizationStrategy(AuthorizationStrategy a) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public TopLevelItem createProjectFromXML(String name, InputStream xml) throws IOException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
