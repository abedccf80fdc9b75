{{- define "sabt-service.serviceaccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "sabt-service.fullname" . }}
  labels:
    {{- include "sabt-service.labels" . | nindent 4 }}
automountServiceAccountToken: false
{{- end -}}

{{- define "sabt-service.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "sabt-service.fullname" . }}
  labels:
    {{- include "sabt-service.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "sabt-service.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .Values.port }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{- define "sabt-service.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "sabt-service.fullname" . }}
  labels:
    {{- include "sabt-service.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "sabt-service.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "sabt-service.labels" . | nindent 8 }}
      annotations:
        # A change of the settings rolls the pods.
        checksum/config: {{ include "sabt-service.settings" . | sha256sum }}
    spec:
      serviceAccountName: {{ include "sabt-service.fullname" . }}
      automountServiceAccountToken: false
      {{- with .Values.global.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      terminationGracePeriodSeconds: 30
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "sabt-service.selectorLabels" . | nindent 14 }}
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "sabt-service.selectorLabels" . | nindent 14 }}
      containers:
        - name: {{ .Chart.Name }}
          image: {{ include "sabt-service.image" . | quote }}
          imagePullPolicy: {{ .Values.global.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "sabt-service.fullname" . }}
          env:
            - name: JAVA_TOOL_OPTIONS
              value: {{ .Values.jvmOptions | quote }}
            {{- include "sabt-service.secretEnv" . | nindent 12 }}
          startupProbe:
            httpGet:
              path: /q/health/started
              port: http
            periodSeconds: 5
            failureThreshold: 36
          livenessProbe:
            httpGet:
              path: /q/health/live
              port: http
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /q/health/ready
              port: http
            periodSeconds: 5
            failureThreshold: 3
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if .Values.kafka.enabled }}
            {{- if .Values.global.kafka.tls }}
            - name: kafka-ca
              mountPath: /etc/sabt/kafka-ca
              readOnly: true
            {{- end }}
            {{- end }}
            {{- with .Values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 256Mi
        {{- if .Values.kafka.enabled }}
        {{- if .Values.global.kafka.tls }}
        - name: kafka-ca
          secret:
            secretName: {{ include "sabt-service.kafkaCaSecret" . }}
            items:
              - key: ca.crt
                path: ca.crt
        {{- end }}
        {{- end }}
        {{- with .Values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end -}}

{{- define "sabt-service.hpa" -}}
{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "sabt-service.fullname" . }}
  labels:
    {{- include "sabt-service.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "sabt-service.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}

{{- define "sabt-service.pdb" -}}
{{- if .Values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "sabt-service.fullname" . }}
  labels:
    {{- include "sabt-service.labels" . | nindent 4 }}
spec:
  minAvailable: {{ .Values.podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "sabt-service.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{- define "sabt-service.servicemonitor" -}}
{{- if .Values.global.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "sabt-service.fullname" . }}
  labels:
    {{- include "sabt-service.labels" . | nindent 4 }}
    {{- with .Values.global.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "sabt-service.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: http
      path: /q/metrics
      interval: {{ .Values.global.serviceMonitor.interval }}
{{- end }}
{{- end -}}

{{/* Everything a service's chart renders. */}}
{{- define "sabt-service.all" -}}
{{- include "sabt-service.defaults" . -}}
{{ include "sabt-service.serviceaccount" . }}
---
{{ include "sabt-service.configmap" . }}
---
{{ include "sabt-service.service" . }}
---
{{ include "sabt-service.deployment" . }}
{{- if .Values.autoscaling.enabled }}
---
{{ include "sabt-service.hpa" . }}
{{- end }}
{{- if .Values.podDisruptionBudget.enabled }}
---
{{ include "sabt-service.pdb" . }}
{{- end }}
{{- if .Values.global.serviceMonitor.enabled }}
---
{{ include "sabt-service.servicemonitor" . }}
{{- end }}
{{- if .Values.global.networkPolicy.enabled }}
---
{{ include "sabt-service.networkpolicy" . }}
{{- end }}
{{- end -}}


{{/* What a service's values leave empty comes from global.service. */}}
{{- define "sabt-service.defaults" -}}
{{- $d := .Values.global.service -}}
{{- if kindIs "invalid" .Values.replicaCount }}{{ $_ := set .Values "replicaCount" $d.replicaCount }}{{ end -}}
{{- $_ := set .Values "resources" (.Values.resources | default $d.resources) -}}
{{- $_ := set .Values "jvmOptions" (.Values.jvmOptions | default $d.jvmOptions) -}}
{{- $_ := set .Values "autoscaling" (mergeOverwrite (deepCopy $d.autoscaling) (.Values.autoscaling | default dict)) -}}
{{- $_ := set .Values "podDisruptionBudget" (mergeOverwrite (deepCopy $d.podDisruptionBudget) (.Values.podDisruptionBudget | default dict)) -}}
{{- end -}}
