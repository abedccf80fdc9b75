{{/* Labels of the release's own objects (infrastructure resources and the test). */}}
{{- define "sabt.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: sabt
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "sabt.kafkaName" -}}{{ printf "%s-kafka" .Release.Name }}{{- end -}}
{{- define "sabt.postgresName" -}}{{ printf "%s-postgres" .Release.Name }}{{- end -}}
{{- define "sabt.keycloakName" -}}{{ printf "%s-keycloak" .Release.Name }}{{- end -}}

{{/* A Keycloak realm import placeholder for a client's secret: CLIENT_SECRET_SABT_API_GATEWAY. */}}
{{- define "sabt.clientSecretPlaceholder" -}}
{{- printf "CLIENT_SECRET_%s" (. | upper | replace "-" "_") -}}
{{- end -}}
