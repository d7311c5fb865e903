# The README's two commands are `make run` and `make test`; the other targets are for development.
CONFIG_DIR ?= examples/failover
MVN ?= mvn -q -B

.PHONY: run xds-certs test build format image validate render golden bench load faults soak fuzz demo clean

XDS_CERTS ?= envoy-configs/xds-certs
XDS_TLS = --xds-tls-cert $(XDS_CERTS)/server.crt --xds-tls-key $(XDS_CERTS)/server.key --xds-client-ca $(XDS_CERTS)/ca.crt

run: build xds-certs ## build, then serve the bundled example (file-directory source), xDS over mTLS
	bin/spillway serve --config-dir $(CONFIG_DIR) $(XDS_TLS)

xds-certs: build ## the xDS port's CA, server and gateway-proxy client certificates for envoy-configs/, once
	test -f $(XDS_CERTS)/server.crt || bin/spillway create xds-certs --out-dir $(XDS_CERTS) \
		--group local/gateway-proxy --group remote/gateway-proxy

test: ## the whole test suite, as CI runs it: a summary per module; test output and Maven's in files
	@mkdir -p target && touch target/test-started
	@$(MVN) verify -fae > target/test.log 2>&1; rc=$$?; \
		bin/test-summary --since target/test-started --log target/test.log --maven-exit $$rc

build:
	$(MVN) package -DskipTests

format: ## format the Java sources (palantir-java-format); `make test` fails on unformatted ones
	$(MVN) spotless:apply

# The control-plane image with Jib (no Docker daemon): pushed to IMAGE's registry; JIB_GOAL=buildTar
# writes server/app/target/jib-image.tar instead, JIB_GOAL=dockerBuild loads it into a local Docker.
IMAGE ?= ghcr.io/spillway/spillway:0.1.0
JIB_GOAL ?= build
image: ## the control-plane image, named IMAGE (deploy/: kustomize edit set image)
	$(MVN) package com.google.cloud.tools:jib-maven-plugin:$(JIB_GOAL) -DskipTests -pl server/app -am -Dimage=$(IMAGE)

validate: build
	bin/spillway validate $(CONFIG_DIR)

render: build
	bin/spillway render --config-dir $(CONFIG_DIR) --cluster local --proxy gateway-proxy

golden: ## rewrite the translator's golden files (and delete orphans)
	$(MVN) test -pl translator -am -Dgolden.update=true -Dtest=GoldenTest -Dsurefire.failIfNoSpecifiedTests=false

# JMH options, e.g. JMH='TranslateBenchmark.retranslate -p upstreams=10000 -f 1'
JMH ?= TranslateBenchmark
bench: ## JMH: translating 1,000 and 10,000 upstreams (not part of the tests); over the reactor, nothing installed
	$(MVN) test-compile exec:exec -pl translator -am -Pbench -Dexec.skip=true -Dexec.executable=java -Djmh.args="$(JMH)"

clean:
	$(MVN) clean

load: ## ADS load harness: N streams acting as Envoy, one upstream change, Spillway vs stock java-control-plane (LOAD_ARGS="1000 --upstreams 10000")
	$(MVN) test-compile exec:exec -pl it-tests -am -Pload -Dexec.skip=true -Dexec.executable=java $(if $(LOAD_ARGS),"-Dload.args=$(LOAD_ARGS)")

faults: ## a control-plane restart with N proxies (the reconnect storm) and slow readers, per server (FAULT_ARGS="1000 --upstreams 1000 --delta")
	$(MVN) test-compile exec:exec -pl it-tests -am -Pload -Dexec.skip=true -Dexec.executable=java -Dload.main=dev.spillway.it.load.FaultHarness "-Dload.args=$(or $(FAULT_ARGS),1000 --upstreams 1000 --changes 5)"

soak: ## 30 minutes of endpoint and route churn at 1,000 upstreams and 200 proxies, proxies replaced every minute (SOAK_ARGS to change)
	$(MVN) test-compile exec:exec -pl it-tests -am -Pload -Dexec.skip=true -Dexec.executable=java -Dload.main=dev.spillway.it.load.SoakHarness "-Dload.args=$(or $(SOAK_ARGS),200 --upstreams 1000 --minutes 30 --servers spillway)"

# Jazzer fuzzes one @FuzzTest per JVM: `make fuzz` runs each target in turn, FUZZ_TIME seconds each. New inputs
# go to <module>/.cifuzz-corpus (not committed); a crash is written into the target's committed seed corpus
# (src/test/resources/<package>/<Class>Inputs/<method>/), where `make test` replays it from then on.
FUZZ_TIME ?= 600
FUZZ_TARGETS ?= api:dev.spillway.api.codec.YamlCodecFuzzTest \
	translator:dev.spillway.translator.golden.TranslatorFuzzTest \
	server/xds:dev.spillway.server.xds.AdsRequestFuzzTest
fuzz: ## coverage-guided fuzzing of every fuzz target, FUZZ_TIME seconds each (default 600); logs in target/fuzz-*.log
	@mkdir -p target; failed=; for t in $(FUZZ_TARGETS); do module=$${t%%:*}; class=$${t#*:}; \
		log=target/fuzz-$${class##*.}.log; echo "fuzzing $$class for $(FUZZ_TIME) s ($$log)"; \
		JAZZER_FUZZ=1 mvn -B -o test -pl $$module -am -Dspotless.check.skip=true \
			-Dtest=$$class -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx1g -Djazzer.hooks=true \
			-Djazzer.instrument='dev.spillway.**,org.yaml.snakeyaml.**' \
			-Dorg.slf4j.simpleLogger.defaultLogLevel=error \
			-Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time=$(FUZZ_TIME) \
			-Djazzer.internal.arg.2=-timeout=60 > $$log 2>&1 || failed="$$failed $$class"; \
		grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs|^== Java Exception|FuzzTestFinding|Tests run:.*Fail' $$log | head -5; \
	done; test -z "$$failed" || { echo "fuzz findings or errors in:$$failed"; exit 1; }

demo: build ## the guide's failover on this machine (Envoy from ENVOY_BIN or PATH, else what Spillway serves)
	demo/run.sh
