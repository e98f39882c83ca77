package io.agentcontrolplane.core.agent;

/**
 * Runs one backend agent CLI (codex, claude, ..., or any command) to completion in a prepared workspace, under
 * supervision (hard timeout, stall detection, whole process tree killed), and classifies how it ended. It does not
 * read or judge the run's result file: the worker does that. The standalone runtime runs local processes; the
 * Jenkins {@code acpWorker} step supplies its own process launcher on the agent.
 */
public interface AgentRunner {
    AgentOutcome run(AgentRequest request) throws InterruptedException;
}
