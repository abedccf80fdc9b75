{{/* The service's settings: the environment variables its application.properties reads, none of them secret. */}}
{{- define "sabt-service.settings" -}}
SABT_LOG_JSON: {{ .Values.global.logJson | quote }}
SABT_OIDC_URL: {{ include "sabt-service.oidcUrl" . | quote }}
{{- if .Values.database.enabled }}
SABT_DB_HOST: {{ include "sabt-service.dbHost" . | quote }}
SABT_DB_PORT: {{ .Values.global.database.port | quote }}
SABT_DB_PREFIX: {{ .Values.global.database.prefix | quote }}
SABT_DB_POOL_SIZE: {{ .Values.database.poolSize | quote }}
{{- end }}
{{- if .Values.kafka.enabled }}
KAFKA_BOOTSTRAP_SERVERS: {{ include "sabt-service.kafkaBootstrap" . | quote }}
SABT_KAFKA_SECURITY_PROTOCOL: {{ ternary "SASL_SSL" "SASL_PLAINTEXT" .Values.global.kafka.tls | quote }}
SABT_KAFKA_SASL_MECHANISM: "SCRAM-SHA-512"
{{- if .Values.global.kafka.tls }}
SABT_KAFKA_TRUSTSTORE_TYPE: "PEM"
SABT_KAFKA_TRUSTSTORE_LOCATION: "/etc/sabt/kafka-ca/ca.crt"
{{- end }}
{{- end }}
{{- range $name, $value := .Values.config }}
{{ $name }}: {{ tpl ($value | toString) $ | quote }}
{{- end }}
{{- end -}}

{{- define "sabt-service.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "sabt-service.fullname" . }}
  labels:
    {{- include "sabt-service.labels" . | nindent 4 }}
data:
  {{- include "sabt-service.settings" . | nindent 2 }}
{{- end -}}

{{/* Secrets, read from Secrets that exist beforehand (none is created with a default). */}}
{{- define "sabt-service.secretEnv" -}}
{{- if .Values.database.enabled }}
- name: SABT_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.secret }}
      key: username
- name: SABT_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.secret }}
      key: password
{{- end }}
{{- if .Values.kafka.enabled }}
- name: SABT_KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ include "sabt-service.kafkaUserSecret" . }}
      key: sasl.jaas.config
{{- end }}
{{- range .Values.secretEnv }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret | default $.Values.global.clientSecrets }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end -}}
