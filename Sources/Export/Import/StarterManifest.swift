/// What `devenv init` writes with no file to import: a small manifest, every key commented.
public enum StarterManifest {
    public static let text = """
        # environments/dev.yaml: the environment devenv brings up by default (devenv up).
        # Every key is described in the README; devenv validate dev checks this file.

        # env: { LOG_LEVEL: debug }          # environment for every service

        # postgres:                          # a Postgres instance of the environment's own
        #   port: auto
        #   databases:
        #     app:
        #       owner: app                   # created with a generated password
        #       seed: [seed/schema.sql]      # applied in order, each exactly once

        # router:                            # one address in front of the services
        #   port: 8080
        #   routes:
        #     - { path: /, service: web }

        services:
          web:
            command: python3 -m http.server --bind 127.0.0.1 $PORT   # a string for /bin/sh -c, or an argv list
            port: auto                       # given to the service as $PORT
            # env: { DATABASE_URL: "${postgres.databases.app.url}" }
            # depends_on: { postgres: healthy }
            # health: { http: /, interval: 1s }
            # replicas: 1

        """
}
