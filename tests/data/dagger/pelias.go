// from headwaymaps/headway@bc4acd1decd1f7f8b73e8a66242abaae5fe7ec50 dagger/pelias.go (trimmed)
package main

import (
	"context"
	"dagger/headway/internal/dagger"
)

func (p *Pelias) PeliasContainerFrom(containerName string) *dagger.Container {
	container := dag.Container().
		From(containerName).
		WithMountedDirectory("/pelias-service", p.Headway.ServiceDir("pelias")).
		WithFile("/code/pelias.json", p.Config)
	return container
}

func (p *Pelias) DownloadWhosOnFirst(ctx context.Context) *dagger.Directory {
	container := p.PeliasContainerFrom("pelias/whosonfirst:master").
		WithExec([]string{"./bin/download"})
	return container.Directory("/data/whosonfirst")
}

func (p *PeliasImporter) ImporterContainerFrom(containerName string) *dagger.Container {
	return p.Pelias.PeliasContainerFrom(containerName).
		WithServiceBinding("pelias-elasticsearch", p.ElasticsearchService).
		WithExec([]string{"/pelias-service/wait.sh"})
}

func (p *PeliasImporter) ImportSchema(ctx context.Context) *dagger.Container {
	return p.ImporterContainerFrom("pelias/schema:master").
		WithExec([]string{"./bin/create_index"})
}

func (p *Pelias) ElasticsearchContainer(ctx context.Context) *dagger.Container {
	return dag.Container().
		From("pelias/elasticsearch:8.12.2-beta").
		WithEnvVariable("ES_JAVA_OPTS", "-Xms8g -Xmx8g")
}

func slimContainer(packages ...string) *dagger.Container {
	container := dag.Container().From("debian:bookworm-slim")
	return container
}
