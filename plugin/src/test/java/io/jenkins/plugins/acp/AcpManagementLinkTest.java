package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.ManagementLink;
import org.junit.jupiter.api.Test;

class AcpManagementLinkTest {
    @Test
    void theLinkIsAStatusPage() {
        // the default (UNCATEGORIZED) files it under "Uncategorized" on Manage Jenkins
        assertThat(new AcpManagementLink().getCategory()).isEqualTo(ManagementLink.Category.STATUS);
    }
}
