package com.payledger.infra.benchmark;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat alone, in this JVM on a port of its own: one servlet answering every GET with {@link StackFloor#ACCOUNT}'s
 * JSON, written once. What HTTP over loopback costs here, with the same load generator, before any of Spring's
 * work: the bottom floor of every figure of the service.
 */
final class BareTomcat implements AutoCloseable {

    /** A header as long as a real key's, which the servlet ignores: the request is the same size as the service's. */
    private static final String AUTHORIZATION = "Bearer plk_" + "k".repeat(43);

    private final Tomcat tomcat = new Tomcat();
    private final KeepAliveHttp http;

    BareTomcat() throws IOException, LifecycleException {
        byte[] answer = JsonMapper.builder().build().writeValueAsBytes(StackFloor.ACCOUNT);
        tomcat.setBaseDir(Files.createTempDirectory("bare-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "constant", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("application/json");
                response.setContentLength(answer.length);
                response.getOutputStream().write(answer);
            }
        });
        context.addServletMappingDecoded("/*", "constant");
        tomcat.start();
        http = new KeepAliveHttp("http://localhost:" + connector.getLocalPort());
    }

    /** One GET; true when it answered 200. */
    boolean get() throws IOException {
        return http.get("/constant", AUTHORIZATION).status() == 200;
    }

    @Override
    public void close() throws LifecycleException {
        http.close();
        tomcat.stop();
        tomcat.destroy();
    }
}
