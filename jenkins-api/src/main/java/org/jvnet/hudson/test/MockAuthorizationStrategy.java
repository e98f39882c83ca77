package org.jvnet.hudson.test;

import hudson.security.ACL;
import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;
import java.util.Collection;

/** Declaration of jenkins-test-harness' {@code MockAuthorizationStrategy}. */
public class MockAuthorizationStrategy extends AuthorizationStrategy {
    public MockAuthorizationStrategy() {
    }

    public Grant grant(Permission... permissions) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public ACL getRootACL() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public Collection<String> getGroups() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Declaration of {@code MockAuthorizationStrategy$Grant}. */
    public class Grant {
        private Grant() {
        }

        public GrantOn everywhere() {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public GrantOn onRoot() {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        /** Declaration of {@code MockAuthorizationStrategy$Grant$GrantOn}. */
        public class GrantOn {
            private GrantOn() {
            }

            public MockAuthorizationStrategy to(String... sids) {
                throw new UnsupportedOperationException("compile-only declaration");
            }
        }
    }
}
