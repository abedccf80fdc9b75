{{/*
The service's NetworkPolicy: only the flows of ARCHITECTURE.md. In: the gateway (or, for the gateway, the ingress
controller and the chart's test), the services that call it, the metrics scraper. Out: DNS, its own database, Kafka,
Keycloak, the services it calls, and the outside peers its values name (notification-service's SMTP, SMSC and
agencies' webhooks).
*/}}
{{- define "sabt-service.networkpolicy" -}}
{{- $np := .Values.global.networkPolicy -}}
{{- $release := .Release.Name -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "sabt-service.fullname" . }}
  labels:
    {{- include "sabt-service.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "sabt-service.selectorLabels" . | nindent 6 }}
  policyTypes: ["Ingress", "Egress"]
  {{- $callers := or .Values.networkPolicy.fromIngressController .Values.networkPolicy.calledBy }}
  {{- if not (or $callers .Values.global.serviceMonitor.enabled) }}
  ingress: []
  {{- else }}
  ingress:
    {{- /* A rule without peers would let everyone in: written only when someone may call */}}
    {{- if $callers }}
    - from:
        {{- if .Values.networkPolicy.fromIngressController }}
        - namespaceSelector:
            {{- toYaml $np.ingressController.namespaceSelector | nindent 12 }}
          {{- with $np.ingressController.podSelector }}
          podSelector:
            {{- toYaml . | nindent 12 }}
          {{- end }}
        - podSelector:
            matchLabels:
              app.kubernetes.io/instance: {{ $release }}
              app.kubernetes.io/component: test
        {{- end }}
        {{- range .Values.networkPolicy.calledBy }}
        - podSelector:
            matchLabels:
              {{- include "sabt-service.peerLabels" (dict "name" . "release" $release) | nindent 14 }}
        {{- end }}
      ports:
        - port: http
          protocol: TCP
    {{- end }}
    {{- if .Values.global.serviceMonitor.enabled }}
    - from:
        - namespaceSelector:
            {{- toYaml $np.monitoring.namespaceSelector | nindent 12 }}
      ports:
        - port: http
          protocol: TCP
    {{- end }}
  {{- end }}
  egress:
    - to:
        - namespaceSelector: {}
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- if .Values.database.enabled }}
    - to:
        {{- if $np.peers.database }}
        {{- toYaml $np.peers.database | nindent 8 }}
        {{- else }}
        - podSelector:
            matchLabels:
              cnpg.io/cluster: {{ printf "%s-postgres" $release }}
        {{- end }}
      ports:
        - port: {{ .Values.global.database.port }}
          protocol: TCP
    {{- end }}
    {{- if .Values.kafka.enabled }}
    - to:
        {{- if $np.peers.kafka }}
        {{- toYaml $np.peers.kafka | nindent 8 }}
        {{- else }}
        - podSelector:
            matchLabels:
              strimzi.io/cluster: {{ printf "%s-kafka" $release }}
        {{- end }}
      ports:
        - port: {{ ternary 9093 9092 .Values.global.kafka.tls }}
          protocol: TCP
    {{- end }}
    - to:
        {{- if $np.peers.keycloak }}
        {{- toYaml $np.peers.keycloak | nindent 8 }}
        {{- else }}
        - podSelector:
            matchLabels:
              app: keycloak
              app.kubernetes.io/instance: {{ printf "%s-keycloak" $release }}
        {{- end }}
      ports:
        - port: 8080
          protocol: TCP
    {{- range .Values.networkPolicy.calls }}
    - to:
        - podSelector:
            matchLabels:
              {{- include "sabt-service.peerLabels" (dict "name" .name "release" $release) | nindent 14 }}
      ports:
        - port: {{ .port }}
          protocol: TCP
    {{- end }}
    {{- with .Values.networkPolicy.externalEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
