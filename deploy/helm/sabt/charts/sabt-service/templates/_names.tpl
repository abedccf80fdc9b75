{{/* The service's resources are named <release>-<service>, e.g. sabt-registry-service. */}}
{{- define "sabt-service.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Standard labels (app.kubernetes.io/*) of every object of a service. */}}
{{- define "sabt-service.labels" -}}
{{ include "sabt-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sabt
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "sabt-service.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: service
{{- end -}}

{{/* The selector of another Sabt service's pods, by its chart name. */}}
{{- define "sabt-service.peerLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .release }}
app.kubernetes.io/component: service
{{- end -}}

{{/* Infrastructure addresses: the values given, or those of the operator resources this release creates. */}}
{{- define "sabt-service.dbHost" -}}
{{- .Values.global.database.host | default (printf "%s-postgres-rw" .Release.Name) -}}
{{- end -}}

{{- define "sabt-service.kafkaBootstrap" -}}
{{- .Values.global.kafka.bootstrapServers | default (printf "%s-kafka-kafka-bootstrap:9093" .Release.Name) -}}
{{- end -}}

{{- define "sabt-service.kafkaCaSecret" -}}
{{- .Values.global.kafka.caSecret | default (printf "%s-kafka-cluster-ca-cert" .Release.Name) -}}
{{- end -}}

{{- define "sabt-service.kafkaUserSecret" -}}
{{- .Values.kafka.secret | default (printf "%s-%s" .Release.Name .Chart.Name) -}}
{{- end -}}

{{- define "sabt-service.oidcUrl" -}}
{{- .Values.global.oidc.url | default (printf "http://%s-keycloak-service:8080/realms/sabt" .Release.Name) -}}
{{- end -}}

{{- define "sabt-service.image" -}}
{{- $registry := .Values.global.image.registry | trimSuffix "/" -}}
{{- $tag := .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- printf "%s/%s:%s" $registry .Values.image.repository $tag -}}
{{- end -}}
