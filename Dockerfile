# syntax=docker/dockerfile:1
# Image of one service; build with:
#   docker build --build-arg SERVICE=command-side -t nlre/command-side .
#   docker build --build-arg SERVICE=query-side   -t nlre/query-side .
# The runtime image holds only the JRE and the service's executable jar, run as a non-root user.
# Extra JVM options go in JAVA_TOOL_OPTIONS; Spring settings in environment variables (see docker-compose.yml).

FROM maven:3.9.9-eclipse-temurin-17 AS build
ARG SERVICE
RUN case "$SERVICE" in \
        command-side | query-side) ;; \
        *) echo "build arg SERVICE must be command-side or query-side, got '$SERVICE'" >&2; exit 1 ;; \
    esac
WORKDIR /src
# Only sources and poms, never local data or build output: every module the root pom lists must be present.
COPY pom.xml ./
COPY events-api/pom.xml events-api/
COPY events-api/src events-api/src/
COPY test-support/pom.xml test-support/
COPY test-support/src test-support/src/
COPY web-support/pom.xml web-support/
COPY web-support/src web-support/src/
COPY command-side/pom.xml command-side/
COPY command-side/src command-side/src/
COPY query-side/pom.xml query-side/
COPY query-side/src query-side/src/
COPY local-infra/pom.xml local-infra/
COPY system-tests/pom.xml system-tests/
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests -pl "$SERVICE" -am package \
    && cp "$SERVICE"/target/"$SERVICE"-*-exec.jar /src/app.jar

FROM eclipse-temurin:17.0.13_11-jre
RUN groupadd --system --gid 10001 nlre \
    && useradd --system --uid 10001 --gid nlre --home-dir /app --no-create-home --shell /usr/sbin/nologin nlre
# /var/lib/nlre: the command side's generated keys (a named volume inherits this ownership on first use)
RUN mkdir -p /var/lib/nlre && chown 10001:10001 /var/lib/nlre
WORKDIR /app
COPY --from=build --chown=root:root --chmod=444 /src/app.jar /app/app.jar
USER 10001:10001
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Daxoniq.update-checker.disabled=true", "-jar", "/app/app.jar"]
